import { OpsSubject, type SweepResult } from '@studio/contracts';
import type { OpsConnection } from '../ops-connection';
import type { Output } from '../output';

/** The invitation expiry sweep, now. */
export async function sweep(ops: OpsConnection, out: Output): Promise<number> {
  const result = await ops.request<SweepResult>(OpsSubject.sweep);
  out.result(result, (value) => [`expired ${value.expired} invitation(s)`]);
  return 0;
}
