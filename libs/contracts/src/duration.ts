/** Durations of the settings (INVITATION_TTL, PASSWORD_RESET_TTL, …): a whole number and a unit, e.g. 90s, 15m, 72h, 3d. */
import { fail, ok, type Result } from './result';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

type Unit = keyof typeof UNIT_MS;

/** Milliseconds, or an error naming `field` (e.g. the environment variable) and the accepted forms. */
export function parseDuration(raw: string, field = 'duration'): Result<number> {
  const text = raw.trim();
  const amount = text.slice(0, -1);
  const unit = text.slice(-1);
  if (!/^\d+$/.test(amount) || !isUnit(unit)) {
    return fail(
      field,
      `"${raw}" is not a duration: use a whole number and s, m, h or d, e.g. 90s, 15m, 72h, 3d`,
    );
  }
  const ms = Number(amount) * UNIT_MS[unit];
  if (ms === 0) return fail(field, 'must be greater than zero');
  if (!Number.isSafeInteger(ms)) return fail(field, `"${raw}" is too long`);
  return ok(ms);
}

function isUnit(value: string): value is Unit {
  return Object.hasOwn(UNIT_MS, value);
}
