import { randomBytes } from 'node:crypto';
import type { Api } from './http';

const unique = () => randomBytes(4).toString('hex');

export const aStudio = (overrides: Record<string, unknown> = {}) => {
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

export const aClient = (overrides: Record<string, unknown> = {}) => ({
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
}

export async function createStudio(api: Api): Promise<StaffSession> {
  const studio = aStudio();
  const answer = await api.post<{ studio: { id: string; slug: string }; session: { token: string } }>(
    '/api/v1/studios',
    studio,
  );
  if (answer.status !== 201)
    throw new Error(`creating a studio answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return {
    token: answer.body.session.token,
    slug: answer.body.studio.slug,
    studioId: answer.body.studio.id,
    email: studio.owner.email,
  };
}
