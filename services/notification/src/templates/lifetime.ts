const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** "29 Nov 2026, 14:00 UTC": unambiguous for any reader, whatever their locale. */
export function formatUtc(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const month = MONTHS[date.getUTCMonth()] ?? '';
  return `${date.getUTCDate()} ${month} ${date.getUTCFullYear()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

/** "This link is active for 72 hours, until 29 Nov 2026, 14:00 UTC." counted from when the email is written. */
export function linkLifetime(expiresAt: Date, now: Date): string {
  const remaining = expiresAt.getTime() - now.getTime();
  const until = formatUtc(expiresAt);
  if (remaining < SECOND) return `This link is active until ${until}.`;
  const span =
    remaining >= HOUR
      ? plural(Math.round(remaining / HOUR), 'hour')
      : remaining >= MINUTE
        ? plural(Math.round(remaining / MINUTE), 'minute')
        : plural(Math.round(remaining / SECOND), 'second');
  return `This link is active for ${span}, until ${until}.`;
}

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
