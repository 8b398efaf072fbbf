import { createServer } from 'node:net';

/**
 * Below Linux's ephemeral range (32768-60999), so no server started with port 0 (the services' own ops ports)
 * and no outgoing connection is ever given a port handed out here before its owner binds it.
 */
const FIRST = 20_000;
const LAST = 32_767;
const handedOut = new Set<number>();

/** A port nothing listens on right now (on every address), not handed out before by this process. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = FIRST + Math.floor(Math.random() * (LAST - FIRST + 1));
    if (handedOut.has(port)) continue;
    // Taken before the check, so calls at once (Promise.all) never hand out the same port.
    handedOut.add(port);
    if (await bindable(port)) return port;
    handedOut.delete(port);
  }
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}
