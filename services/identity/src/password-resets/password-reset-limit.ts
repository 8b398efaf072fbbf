/**
 * How many reset emails an account may get: one a minute and five an hour, so nobody can flood an inbox (or
 * kill each link as it arrives) by asking again and again. A request over the limit is answered as any other.
 */
export const RESET_LIMIT = { perMinute: 1, perHour: 5 } as const;

export interface RecentResets {
  readonly lastMinute: number;
  readonly lastHour: number;
}

export const mayMailReset = (recent: RecentResets): boolean =>
  recent.lastMinute < RESET_LIMIT.perMinute && recent.lastHour < RESET_LIMIT.perHour;
