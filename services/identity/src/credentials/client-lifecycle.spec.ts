import { activatedStep, activateStep, type ClientLifecycle, deactivationDisables } from './client-lifecycle';

const T0 = new Date('2026-01-01T10:00:00.000Z');

/** An account holding the credential of inv-1, activated at version 4 and seen up to it. */
function anAccount(overrides: Partial<ClientLifecycle> = {}) {
  return {
    lifecycle: {
      active: true,
      activatedBy: 'inv-1',
      activatedVersion: 4,
      clientVersion: 4,
      activatedAt: T0,
      ...overrides,
    },
  };
}
const staged = (invitationId = 'inv-1') => ({ invitationId });

describe('an activate request', () => {
  it('promotes the credential staged for the invitation', () => {
    expect(activateStep('inv-1', null, staged())).toEqual({ kind: 'promote', staged: staged() });
    const previous = anAccount({
      active: false,
      activatedBy: 'inv-0',
      activatedVersion: 2,
      clientVersion: 3,
    });
    expect(activateStep('inv-1', previous, staged())).toMatchObject({ kind: 'promote' });
  });

  it('confirms a credential already promoted for it (by the event, or an earlier request)', () => {
    const account = anAccount({ activatedVersion: null });
    expect(activateStep('inv-1', account, null)).toEqual({ kind: 'confirm', account });
    expect(activateStep('inv-1', account, staged())).toMatchObject({ kind: 'confirm' });
  });

  it('never re-enables an account deactivated after that activation', () => {
    const deactivated = anAccount({ active: false, clientVersion: 5 });
    expect(activateStep('inv-1', deactivated, staged())).toEqual({
      kind: 'refuse',
      code: 'invitation-revoked',
    });
  });

  it('refuses when nothing was staged for the invitation', () => {
    expect(activateStep('inv-1', null, null)).toEqual({ kind: 'refuse', code: 'invitation-used' });
    expect(activateStep('inv-1', anAccount({ activatedBy: 'inv-0' }), staged('inv-2'))).toEqual({
      kind: 'refuse',
      code: 'invitation-used',
    });
  });
});

describe('a ClientActivated', () => {
  const event = { invitationId: 'inv-1', version: 4 };

  it('promotes the credential staged for its invitation', () => {
    expect(activatedStep(event, null, staged())).toEqual({ kind: 'promote', staged: staged() });
    const previous = anAccount({
      active: false,
      activatedBy: 'inv-0',
      activatedVersion: 1,
      clientVersion: 2,
    });
    expect(activatedStep(event, previous, staged())).toMatchObject({ kind: 'promote' });
  });

  it('only records its version where the request promoted the credential already', () => {
    const promoted = anAccount({ activatedVersion: null, clientVersion: 2 });
    expect(activatedStep(event, promoted, staged())).toEqual({ kind: 'record' });
  });

  it('records its version where there is no credential for it', () => {
    expect(activatedStep(event, anAccount({ activatedBy: 'inv-0', clientVersion: 2 }), null)).toEqual({
      kind: 'record',
    });
    expect(activatedStep(event, null, staged('inv-0'))).toEqual({ kind: 'record' });
  });

  it('skips a version already applied (a redelivery)', () => {
    expect(activatedStep(event, anAccount({ active: false, clientVersion: 5 }), staged())).toEqual({
      kind: 'skip',
    });
  });
});

describe('a ClientDeactivated', () => {
  const at = T0;

  it('disables an account activated at a lower version, whatever the clocks say', () => {
    const activatedLater = anAccount({ activatedAt: new Date(T0.getTime() + 60_000) });
    expect(deactivationDisables({ version: 5, at }, activatedLater)).toBe(true);
  });

  it('leaves an account activated after it (a newer invitation)', () => {
    expect(deactivationDisables({ version: 3, at }, anAccount({ clientVersion: 2 }))).toBe(false);
  });

  it('leaves an account whose activation identity has not consumed yet: that activation is later', () => {
    expect(
      deactivationDisables({ version: 3, at }, anAccount({ activatedVersion: null, clientVersion: 2 })),
    ).toBe(false);
  });

  it('changes nothing when redelivered', () => {
    expect(deactivationDisables({ version: 5, at }, anAccount({ active: false, clientVersion: 5 }))).toBe(
      false,
    );
  });

  it('falls back to the time for an account activated before versions were kept', () => {
    const legacy = anAccount({ activatedBy: null, activatedVersion: null, clientVersion: 0 });
    expect(deactivationDisables({ version: 3, at }, legacy)).toBe(true);
    expect(deactivationDisables({ version: 3, at: new Date(T0.getTime() - 1) }, legacy)).toBe(false);
  });
});
