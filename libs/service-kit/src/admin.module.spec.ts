import { Problem } from '@studio/contracts';
import { masked, operatorOf } from './admin.module';

describe('the operations of a service', () => {
  it('are for the system only: a staff member or a client is refused', () => {
    expect(operatorOf({ kind: 'system', id: 'operator:ana' })).toBe('operator:ana');
    for (const actor of [
      { kind: 'staff' as const, id: 's1', studioId: 'st1' },
      { kind: 'client' as const, id: 'c1', studioId: 'st1' },
      undefined,
    ])
      expect(() => operatorOf(actor)).toThrow(Problem);
  });

  it('show a message with its links, tokens and secrets masked, at any depth', () => {
    expect(
      masked({
        to: 'ana@example.test',
        link: 'http://localhost/invitations/abc',
        nested: [{ resetToken: 'x', passwordHash: 'y', note: 'kept' }],
      }),
    ).toEqual({
      to: 'ana@example.test',
      link: '[masked]',
      nested: [{ resetToken: '[masked]', passwordHash: '[masked]', note: 'kept' }],
    });
  });
});
