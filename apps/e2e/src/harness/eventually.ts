/**
 * Polls `probe` until it finds something (anything but undefined; a probe that throws has found nothing yet),
 * and fails after `timeoutMs` naming what it last saw, when `lastSeen` says.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  { everyMs = 300, lastSeen }: { everyMs?: number; lastSeen?: () => string } = {},
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > until)
      throw new Error(`not reached within ${timeoutMs} ms${lastSeen ? `: ${lastSeen()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
