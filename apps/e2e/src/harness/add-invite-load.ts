import { aClient } from './builders';
import { eventually } from './eventually';
import { inParallel } from './in-parallel';
import type { RunningSystem } from './system';

export interface LoadFigures {
  /** Every email sent, in the order its add began: each one a client that must exist once. */
  readonly emails: readonly string[];
  /** Requests sent again because the first got no answer or a 5xx. */
  readonly retries: number;
  /** The longest time between two answered writes, and the longest single write (retries included). */
  readonly longestGapMs: number;
  readonly longestWriteMs: number;
}

export interface AddInviteLoad {
  /** How many clients the load has started to add so far. */
  readonly started: () => number;
  /** Asks the load to end once at least `atLeast` clients are added, and waits for it. */
  readonly finish: () => Promise<LoadFigures>;
}

/**
 * `inFlight` add+invite requests at a time, each retried as a client would until it is answered (a dropped
 * connection, a 503): a retry that finds the email taken means the first attempt was written.
 */
export function startAddInviteLoad(
  system: RunningSystem,
  token: string,
  { inFlight, atLeast, retryPauseMs }: { inFlight: number; atLeast: number; retryPauseMs: number },
): AddInviteLoad {
  const emails: string[] = [];
  let finishing = false;
  let retries = 0;
  let longestWriteMs = 0;
  let longestGapMs = 0;
  let lastAnswer = Date.now();

  const addAndInvite = async (email: string): Promise<void> => {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const answer = await system.api
        .post<{ code?: string }>('/api/v1/clients', aClient({ email, invite: {} }), { token })
        .catch(() => ({ status: 0, body: { code: undefined } }));
      if (answer.status === 201 || (answer.status === 409 && answer.body.code === 'email-taken')) {
        const now = Date.now();
        longestGapMs = Math.max(longestGapMs, now - lastAnswer);
        longestWriteMs = Math.max(longestWriteMs, now - started);
        lastAnswer = now;
        return;
      }
      if (attempt > 300) throw new Error(`add of ${email} never answered: ${answer.status}`);
      retries++;
      await new Promise((resolve) => setTimeout(resolve, retryPauseMs));
    }
  };
  const lanes = Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (!finishing || emails.length < atLeast) {
        const email = aClient().email;
        emails.push(email);
        await addAndInvite(email);
      }
    }),
  );
  // Seen by finish(): not an unhandled rejection while the faults are still being made.
  lanes.catch(() => undefined);
  return {
    started: () => emails.length,
    finish: async () => {
      finishing = true;
      await lanes;
      return { emails, retries, longestGapMs, longestWriteMs };
    },
  };
}

type ClientBody = { id: string; access: string; email: string };

/**
 * What nothing lost, nothing doubled means after such a load: every client in the index, Invited, exactly one
 * invitation email each, and exactly one ClientInvited in each history. `explain`, if given, is asked what it
 * sees when emails are missing, and its answer joins the failure.
 */
export async function expectEachInvitedOnce(
  system: RunningSystem,
  token: string,
  emails: readonly string[],
  timeoutMs: number,
  explain?: () => Promise<string>,
): Promise<void> {
  let seen = '';
  const indexed = await eventually(
    async () => {
      const all = await everyClient(system, token);
      const invited = all.filter((client) => client.access === 'Invited');
      seen = `${all.length} indexed, ${invited.length} Invited of ${emails.length}`;
      return invited.length === emails.length ? all : undefined;
    },
    timeoutMs,
    { lastSeen: () => seen },
  );
  expect(indexed.map((client) => client.email).sort()).toEqual([...emails].sort());

  const invitationsTo = async () => {
    const counts = new Map<string, number>();
    for (const mail of await system.mailbox.all())
      if (/invit/i.test(mail.subject)) counts.set(mail.to, (counts.get(mail.to) ?? 0) + 1);
    return counts;
  };
  await eventually(
    async () => {
      const emailed = await invitationsTo();
      const missing = emails.filter((email) => !emailed.has(email));
      seen = `${emailed.size} of ${emails.length} emailed; not yet: ${missing.slice(0, 5).join(', ')}`;
      return missing.length === 0 ? true : undefined;
    },
    timeoutMs,
    { lastSeen: () => seen },
  ).catch(async (error: unknown) => {
    if (!explain) throw error;
    const explained = await explain().catch((cause: unknown) => `(no explanation: ${String(cause)})`);
    throw new Error(`${(error as Error).message}\n${explained}`);
  });
  await new Promise((resolve) => setTimeout(resolve, 2_000)); // a late duplicate would show by now
  const perRecipient = await invitationsTo();
  expect([...perRecipient.entries()].filter(([, count]) => count !== 1)).toEqual([]);
  expect(perRecipient.size).toBe(emails.length);

  // A thousand histories or more: eight at a time.
  const invitedPerClient = await inParallel(indexed, 8, async (client): Promise<[string, number]> => {
    const history = await system.api.get<{ events: { type: string }[] }>(
      `/api/v1/clients/${client.id}/history`,
      { token },
    );
    return [client.email, history.body.events.filter((event) => event.type === 'ClientInvited').length];
  });
  expect(invitedPerClient.filter(([, invited]) => invited !== 1)).toEqual([]);
  expect(invitedPerClient).toHaveLength(indexed.length);
}

async function everyClient(system: RunningSystem, token: string): Promise<ClientBody[]> {
  const all: ClientBody[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await system.api.get<{ items: ClientBody[]; nextCursor: string | null }>(
      `/api/v1/clients${query}`,
      {
        token,
      },
    );
    if (page.status !== 200) throw new Error(`the list answered ${page.status}`);
    all.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return all;
}
