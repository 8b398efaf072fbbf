import { randomUUID } from 'node:crypto';
import { createEventStore, type NewEvent } from '@studio/event-store';
import { Client } from 'pg';

const FIRST = [
  'Ana',
  'Bruno',
  'Carla',
  'Diogo',
  'Elena',
  'Filipa',
  'Gil',
  'Helena',
  'Ines',
  'Joao',
  'Kiko',
  'Lara',
  'Marta',
  'Nuno',
  'Olga',
  'Pedro',
  'Rita',
  'Sara',
  'Tiago',
  'Vera',
];
const LAST = [
  'Silva',
  'Santos',
  'Ferreira',
  'Pereira',
  'Oliveira',
  'Costa',
  'Rodrigues',
  'Martins',
  'Jesus',
  'Sousa',
  'Fernandes',
  'Goncalves',
  'Gomes',
  'Lopes',
  'Marques',
  'Alves',
  'Almeida',
  'Ribeiro',
  'Pinto',
  'Carvalho',
  'Teixeira',
  'Moreira',
  'Correia',
  'Mendes',
  'Nunes',
  'Soares',
  'Vieira',
  'Monteiro',
  'Cardoso',
  'Rocha',
];
export const TYPES = ['Lead', 'Residential', 'Commercial'];
export const SOURCES = ['Referral', 'Instagram', 'Website', 'Package purchase'];
export const TAGS = ['vip', 'kitchen', 'bathroom', 'living', 'garden', 'office'];

/** A deterministic pseudo-random number in [0, 1) for (index, field): fields vary independently of each other. */
function noise(index: number, field: number): number {
  let x = (index * 0x9e3779b1 + field * 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}

const pick = <T>(values: readonly T[], index: number, field: number): T =>
  values[Math.floor(noise(index, field) * values.length)]!;

/** The `index`-th client's profile: names spread so that prefix searches match a realistic share. */
export function profileOf(index: number) {
  const firstName = pick(FIRST, index, 1);
  const lastName = `${pick(LAST, index, 2)}${noise(index, 3) < 0.2 ? '' : String.fromCharCode(97 + Math.floor(noise(index, 4) * 23))}`;
  return {
    firstName,
    lastName,
    email: `${firstName}.${lastName}.${index}@seed.test`.toLowerCase(),
    phone: null,
    type: pick(TYPES, index, 5),
    source: pick(SOURCES, index, 6),
    tags: [pick(TAGS, index, 7), pick(TAGS, index, 8)].filter((tag, i, all) => all.indexOf(tag) === i),
  };
}

/**
 * Appends `clients` client streams of one studio straight to the event store (each a ClientAdded and, for two
 * in three, a ClientInvited), eight writers at once: how a year of a busy studio looks, in seconds.
 * Answers the number of events.
 */
export async function seedClients(url: string, studioId: string, clients: number): Promise<number> {
  const store = await createEventStore(url, { poolSize: 9 });
  await store.migrate();
  const by = { kind: 'staff', id: 'seed' };
  const at = new Date().toISOString();
  const expiresAt = new Date(Date.now() + 72 * 3_600_000).toISOString();
  let next = 0;
  let events = 0;
  try {
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let index = next++; index < clients; index = next++) {
          const clientId = randomUUID();
          const base = { studioId, clientId, at, by };
          const stream: NewEvent[] = [
            { id: randomUUID(), type: 'ClientAdded', data: { ...base, ...profileOf(index) }, metadata: {} },
          ];
          if (noise(index, 9) < 2 / 3) {
            const invitationId = randomUUID();
            const invited = { ...base, invitationId, expiresAt, message: null, reason: 'invite' };
            stream.push({ id: randomUUID(), type: 'ClientInvited', data: invited, metadata: {} });
          }
          await store.append(`client-${clientId}`, stream, { expectedVersion: 'no-stream' });
          events += stream.length;
        }
      }),
    );
  } finally {
    await store.close();
  }
  return events;
}

/**
 * Makes the registry's event publisher start at the store's head, so a bench that seeded events measures what
 * it means to (a rebuild) and not the live pipeline taking in the seed.
 */
export async function publishFromHead(url: string): Promise<void> {
  const store = await createEventStore(url);
  const head = await store.head();
  await store.close();
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE SCHEMA IF NOT EXISTS client_registry');
    await client.query(
      'CREATE TABLE IF NOT EXISTS client_registry.publisher_checkpoints (name text PRIMARY KEY, position text NOT NULL)',
    );
    await client.query(
      `INSERT INTO client_registry.publisher_checkpoints (name, position) VALUES ('client-events', $1)
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position`,
      [head],
    );
  } finally {
    await client.end();
  }
}
