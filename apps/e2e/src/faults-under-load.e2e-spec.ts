import { expectEachInvitedOnce, startAddInviteLoad } from './harness/add-invite-load';
import { createStudio, type StaffSession } from './harness/builders';
import { privateNats, privatePostgres, type PrivateServer } from './harness/private-servers';
import { type RunningSystem, SERVICES, startSystem } from './harness/system';

/** At least how many clients are added and invited, and how many requests are in flight at once. */
const CLIENTS = 300;
const IN_FLIGHT = 8;

/**
 * At full speed, add+invite requests keep coming while every service but the gateway is killed with -9 in
 * turn (and started again), NATS is restarted, and PostgreSQL is restarted in immediate mode (a crash to it).
 * The load retries what was not answered, as a client would (503, a dropped connection); a retry that finds
 * the email taken means the first attempt was written. At the end every client must be in the index, Invited,
 * with exactly one ClientInvited in its history and exactly one invitation email.
 */
describe('faults under load: nothing lost, nothing doubled (separate processes, private NATS and PostgreSQL)', () => {
  let nats: PrivateServer;
  let postgres: PrivateServer;
  let system: RunningSystem;
  let staff: StaffSession;

  beforeAll(async () => {
    nats = await privateNats();
    postgres = await privatePostgres();
    system = await startSystem('services', {
      natsUrl: nats.url,
      databaseUrl: postgres.url,
      env: {
        RATE_LIMIT_PER_MINUTE: '1000000',
        RATE_LIMIT_SENSITIVE_PER_MINUTE: '1000000',
        STUDIO_DAILY_EMAILS: '1000000',
        STUDIO_DAILY_EMAILS_UNVERIFIED: '1000000',
      },
    });
    staff = await createStudio(system.client);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
    await postgres?.stop();
    await nats?.stop();
  });

  it('kill -9 of each service, a NATS restart and an immediate PostgreSQL restart, under add+invite load', async () => {
    // At full speed until every fault has happened, and at least CLIENTS clients.
    const load = startAddInviteLoad(system, staff.token, {
      inFlight: IN_FLIGHT,
      atLeast: CLIENTS,
      retryPauseMs: 200,
    });

    const faults: string[] = [];
    const pause = () => new Promise((resolve) => setTimeout(resolve, 1_500));
    const schedule = (async () => {
      for (const service of SERVICES.filter((name) => name !== 'gateway')) {
        await pause();
        await system.kill(service);
        faults.push(`kill -9 ${service} at ${load.started()}`);
        await system.restart(service);
      }
      await pause();
      await nats.restart();
      faults.push(`NATS restarted at ${load.started()}`);
      await pause();
      await postgres.restart();
      faults.push(`PostgreSQL restarted (immediate) at ${load.started()}`);
      await pause();
    })();
    await schedule;
    const { emails, retries } = await load.finish();
    console.log(`${emails.length} clients; faults: ${faults.join('; ')}; ${retries} retried requests`);
    await expectEachInvitedOnce(system, staff.token, emails, 180_000);
  }, 600_000);
});
