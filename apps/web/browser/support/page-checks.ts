import type { Locator, Page } from 'playwright-core';
import { seriousA11yViolations } from './axe';
import { screenshot } from './screenshots';

/** Waits until the locator is visible (the app renders after its API answers). */
export async function visible(locator: Locator): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible' });
  return locator;
}

/** The page as a person meets it: axe-core finds nothing serious, and a picture is kept. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('load');
  expect(await seriousA11yViolations(page)).toEqual([]);
  await screenshot(page, name);
}

/** Nothing is wider than the screen (no sideways scrolling at 375 px). */
export async function widthFits(page: Page): Promise<void> {
  const overflow = await page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

/** The text inside the error shown for the field labelled `label`. */
export async function fieldError(page: Page, label: string): Promise<string> {
  const field = page.getByLabel(label, { exact: true });
  await field.and(page.locator('[aria-invalid="true"]')).waitFor();
  const describedBy = await field.getAttribute('aria-describedby');
  const errorId = describedBy?.split(' ').find((id) => id.endsWith('-error'));
  if (!errorId) throw new Error(`the field "${label}" shows no error`);
  return (await page.locator(`[id="${errorId}"]`).textContent()) ?? '';
}

/** Waits until `probe` holds (the pages' CSP forbids the eval that waitForFunction needs). */
export async function eventually(
  probe: () => Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the table shows exactly `n` rows. */
export function rowsShown(page: Page, n: number): Promise<void> {
  return eventually(async () => (await page.locator('tbody tr').count()) === n, `${n} rows shown`);
}
