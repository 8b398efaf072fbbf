// The web app's build: React, hashed assets under /assets (the gateway caches them for a year), and the one
// library it may share with the back end, @studio/contracts, taken from source like the services do.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: { alias: { '@studio/contracts': here('../../libs/contracts/src/index.ts') } },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // Budgets are checked by `npm run bench:web`; the warning would only repeat it.
    chunkSizeWarningLimit: 1000,
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
