import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ: 100 on Linux

interface ProcessUsage {
  readonly group: string;
  /** CPU (user + system) so far. */
  readonly ms: number;
  readonly rssMb: number;
  readonly peakRssMb: number;
}

/** What each process of a group has used so far, by pid. */
export type UsageSnapshot = ReadonlyMap<number, ProcessUsage>;

/**
 * What each process of a group on this machine has used so far: a service (or the embedded system) by its
 * compiled script, PostgreSQL (every backend), nats-server, and this process as "load generator".
 */
export function usageByProcess(): UsageSnapshot {
  const found = new Map<number, ProcessUsage>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const pid = Number(entry);
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const group =
        pid === process.pid
          ? 'load generator'
          : (/dist\/(?:services|apps)\/([\w-]+)\/src\/main\.js/.exec(cmdline)?.[1] ??
            (comm === 'postgres' || comm === 'nats-server' ? comm : undefined));
      if (group === undefined) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const mb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0) / 1024;
      found.set(pid, {
        group,
        ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS,
        rssMb: mb('VmRSS'),
        peakRssMb: mb('VmHWM'),
      });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/**
 * Each group's CPU milliseconds since `before`, divided by `per` (1: the totals), the largest first. Counted per
 * process, so a backend that ended meanwhile (a pool closing idle connections) takes nothing off its group.
 */
export function cpuSince(before: UsageSnapshot, per = 1): [string, number][] {
  const spent = new Map<string, number>();
  for (const [pid, { group, ms }] of usageByProcess())
    spent.set(group, (spent.get(group) ?? 0) + ms - (before.get(pid)?.ms ?? 0));
  return [...spent]
    .map(([group, ms]): [string, number] => [group, ms / per])
    .filter(([, ms]) => ms > 0)
    .sort((a, b) => b[1] - a[1]);
}
