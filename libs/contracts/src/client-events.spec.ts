import { CLIENT_EVENT_TYPES, isClientEvent } from './client-events';

const data = { studioId: 's', clientId: 'c', at: '2025-03-01T09:00:00.000Z', by: { kind: 'staff', id: 'u' } };

describe('client events', () => {
  it('list the nine event types of SPEC §2', () => {
    expect(CLIENT_EVENT_TYPES).toHaveLength(9);
  });

  it('are recognised by type and envelope', () => {
    expect(isClientEvent({ type: 'ClientActivated', data: { ...data, invitationId: 'i' } })).toBe(true);
    expect(isClientEvent({ type: 'ClientDeleted', data })).toBe(false);
    expect(isClientEvent({ type: 'ClientActivated', data: { ...data, clientId: 1 } })).toBe(false);
    expect(isClientEvent({ type: 'toString', data })).toBe(false);
  });
});
