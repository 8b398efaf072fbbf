import { expectEachInvitedOnce, startAddInviteLoad } from './harness/add-invite-load';
import { createStudio, type StaffSession } from './harness/builders';
import { clusterDefect, type NatsCluster, startNatsCluster } from './harness/nats-cluster';
import { type RunningSystem, startSystem } from './harness/system';

/** At least how many clients are added and invited, and how many requests are in flight at once. */
const CLIENTS = 150;
const IN_FLIGHT = 6;

/**
 * Every service on a real three-node NATS cluster (routes between three `nats-server` processes, every stream
 * kept on all three: NATS_STREAM_REPLICAS=3), while add+invite requests keep coming: one node is killed with -9,
 * started again, and once it is back another is killed. Every client must end up in the index, Invited, with
 * one ClientInvited and one email; writes must keep being answered: the longest stall is printed.
 */
const defect = clusterDefect();

// Skipped by name, with the reason, where the server cannot pass it.
(defect ? describe.skip : describe).each([1, 2])(
  `a three-node NATS cluster under load, %i replica(s) of every service${defect ? ` [skipped: ${defect}]` : ''}`,
  (replicas) => {
    let cluster: NatsCluster;
    let system: RunningSystem;
    let staff: StaffSession;

    beforeAll(async () => {
      cluster = await startNatsCluster(3);
      system = await startSystem('services', {
        natsUrl: cluster.url,
        replicas,
        env: {
          NATS_STREAM_REPLICAS: '3',
          RATE_LIMIT_PER_MINUTE: '1000000',
          RATE_LIMIT_SENSITIVE_PER_MINUTE: '1000000',
          STUDIO_DAILY_EMAILS: '1000000',
          STUDIO_DAILY_EMAILS_UNVERIFIED: '1000000',
        },
      });
      staff = await createStudio(system.client);
    }, 180_000);

    afterAll(async () => {
      await system?.stop();
      await cluster?.stop();
    });

    it('kill -9 of one node, then of another once the first is back: nothing lost, nothing doubled, writes answered', async () => {
      const load = startAddInviteLoad(system, staff.token, {
        inFlight: IN_FLIGHT,
        atLeast: CLIENTS,
        retryPauseMs: 100,
      });
      const faults: string[] = [];
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      const schedule = (async () => {
        for (const node of [0, 1]) {
          await pause(2_000);
          await cluster.kill(node);
          faults.push(`kill -9 of node ${node + 1} at ${load.started()}`);
          await pause(3_000);
          await cluster.restart(node);
          faults.push(`node ${node + 1} back at ${load.started()}`);
        }
        await pause(2_000);
      })();
      await schedule;
      const { emails, retries, longestGapMs, longestWriteMs } = await load.finish();
      console.log(
        `${replicas} replica(s): ${emails.length} clients; ${faults.join('; ')}; ${retries} retried requests; ` +
          `longest write stall ${longestGapMs} ms (no write answered), longest single write ${longestWriteMs} ms`,
      );
      await expectEachInvitedOnce(system, staff.token, emails, 120_000, () => cluster.workQueues());
    }, 600_000);
  },
);
