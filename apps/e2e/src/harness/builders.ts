import { randomBytes } from 'node:crypto';
import type { ApiClient } from '@studio/api-client';
import type { AddClientRequest, Input, CreateStudioRequestSchema } from '@studio/contracts';

type CreateStudioRequest = Input<typeof CreateStudioRequestSchema>;

const unique = () => randomBytes(4).toString('hex');

export const aStudio = (overrides: Partial<CreateStudioRequest> = {}) => {
  const id = unique();
  return {
    name: `Studio ${id}`,
    slug: `studio-${id}`,
    owner: {
      firstName: 'Dana',
      lastName: 'Designer',
      email: `dana-${id}@studio.test`,
      password: 'correct horse battery',
    },
    ...overrides,
  };
};

export const aClient = (overrides: Partial<AddClientRequest> = {}): AddClientRequest => ({
  firstName: 'Ana',
  lastName: `Client${unique()}`,
  email: `ana-${unique()}@client.test`,
  ...overrides,
});

export interface StaffSession {
  readonly token: string;
  readonly slug: string;
  readonly studioId: string;
  readonly email: string;
  /** The API as this member of staff. */
  readonly client: ApiClient;
}

export async function createStudio(client: ApiClient): Promise<StaffSession> {
  const input = aStudio();
  const created = await client.createStudio({ body: input });
  return {
    token: created.session.token,
    slug: created.studio.slug,
    studioId: created.studio.id,
    email: input.owner.email,
    client: client.withToken(created.session.token),
  };
}
