import { parseDuration } from '@studio/contracts';
import type { ConsumeOptions } from '@studio/messaging';
import type { SettingsReader } from './settings';

/**
 * How a durable message whose handler keeps failing is retried before it becomes a dead letter:
 * `DELIVERY_ATTEMPTS` (default 8) and `DELIVERY_BACKOFF`, the pauses before each retry (the last one repeats),
 * e.g. `1s,5s,30s` (default 250 ms, 1 s, 5 s, 15 s, 30 s). Unset, the bus's defaults apply.
 */
export function readDeliverySettings(read: SettingsReader): Pick<ConsumeOptions, 'maxDeliver' | 'backoffMs'> {
  const attempts = read.env.DELIVERY_ATTEMPTS;
  const backoff = read.env.DELIVERY_BACKOFF;
  const options: { maxDeliver?: number; backoffMs?: number[] } = {};
  if (attempts !== undefined && attempts !== '')
    options.maxDeliver = read.count('DELIVERY_ATTEMPTS', 8, 'a whole number of deliveries, e.g. 8');
  if (backoff !== undefined && backoff !== '') {
    const pauses = backoff.split(',').map((each) => parseDuration(each, 'DELIVERY_BACKOFF'));
    if (pauses.every((pause) => pause.ok))
      options.backoffMs = pauses.map((pause) => (pause.ok ? pause.value : 0));
    else read.problems.push(`DELIVERY_BACKOFF="${backoff}": expected durations such as 1s,5s,30s`);
  }
  return options;
}
