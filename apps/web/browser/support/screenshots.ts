import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** Not committed (tmp/ is ignored); a few chosen ones are copied to docs/screenshots by hand. */
export const SCREENSHOTS = path.join(__dirname, '..', '..', '..', '..', 'tmp', 'screenshots');

/** `tmp/screenshots/<name>-desktop.png` or `-mobile.png`, by the page's width. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  // Toasts and the caret come and go: leave them out so pictures of the same page look the same.
  await page.screenshot({
    path: path.join(SCREENSHOTS, `${name}-${width < 600 ? 'mobile' : 'desktop'}.png`),
    fullPage: true,
    caret: 'hide',
    animations: 'disabled',
  });
}
