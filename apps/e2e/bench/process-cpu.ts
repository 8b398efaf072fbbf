import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ: 100 on Linux

/**
 * CPU milliseconds (user + system) so far of each process group on this machine: a service (or the embedded
 * system) by its compiled script, every PostgreSQL backend together, nats-server, and this process as "load generator".
 */
export function cpuByProcess(): Map<string, number> {
  const totals = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const name =
        Number(pid) === process.pid
          ? 'load generator'
          : (/dist\/(?:services|apps)\/([\w-]+)\/src\/main\.js/.exec(cmdline)?.[1] ??
            (comm === 'postgres' || comm === 'nats-server' ? comm : undefined));
      if (name === undefined) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      totals.set(name, (totals.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {
      // gone meanwhile
    }
  }
  return totals;
}

/** Each group's CPU milliseconds since `before`, divided by `per` (1: the totals), the largest first. */
export function cpuSince(before: ReadonlyMap<string, number>, per = 1): [string, number][] {
  return [...cpuByProcess()]
    .map(([name, ms]): [string, number] => [name, (ms - (before.get(name) ?? 0)) / per])
    .filter(([, ms]) => ms > 0)
    .sort((a, b) => b[1] - a[1]);
}
