import {
  aClientActivated,
  aClientAdded,
  aClientDeactivated,
  aClientInvitationExpired,
  aClientInvitationResent,
  aClientInvitationRevoked,
  aClientInvited,
  aClientProfileUpdated,
  aClientPurchaseRecorded,
  hoursAfterT0,
  iso,
  T0,
} from './testing/client-events.builders';
import {
  aDeactivateClient,
  aRecordPurchase,
  aResendInvitation,
  aRevokeInvitation,
  aSendInvitation,
  anAcceptInvitation,
  anAddClient,
  anExpireInvitation,
  anUpdateProfile,
} from './testing/client-commands.builders';
import { given } from './testing/decider.scenario';

const later = hoursAfterT0(1);
const afterTtl = hoursAfterT0(72);

describe('client decider: the access table of SPEC §1', () => {
  it('(new) add → Inactive', () => {
    given().when(anAddClient()).then(aClientAdded());
  });

  it('(new) add & invite → Invited, both events in one decision', () => {
    given()
      .when(anAddClient({ invite: { invitationId: 'inv-1', message: 'Welcome!', reason: 'invite' } }))
      .then(aClientAdded(), aClientInvited({ message: 'Welcome!' }));
  });

  it('Inactive, send invite → Invited, link valid for the injected TTL', () => {
    given(aClientAdded())
      .when(aSendInvitation({ now: later, message: '  See you soon  ' }))
      .then(aClientInvited({ at: iso(later), expiresAt: iso(hoursAfterT0(73)), message: 'See you soon' }));
  });

  it('Invited, revoke → Inactive', () => {
    given(aClientAdded(), aClientInvited()).when(aRevokeInvitation()).then(aClientInvitationRevoked());
  });

  it('Invited, the TTL passes unaccepted → the invitation is recorded expired', () => {
    given(aClientAdded(), aClientInvited())
      .when(anExpireInvitation({ now: afterTtl }))
      .then(aClientInvitationExpired({ at: iso(afterTtl) }));
  });

  it('Invited, resend → a new link and a new TTL, replacing the old one', () => {
    given(aClientAdded(), aClientInvited({ message: 'Hi' }))
      .when(aResendInvitation({ now: later }))
      .then(aClientInvitationResent({ at: iso(later), message: 'Hi' }));
  });

  it('Invited, a second resend within a minute of the first → rate-limited, retry when the minute is up', () => {
    const resentAt = hoursAfterT0(1);
    const resent = aClientInvitationResent({ at: iso(resentAt) });
    const problem = given(aClientAdded(), aClientInvited(), resent)
      .when(aResendInvitation({ now: new Date(resentAt.getTime() + 20_000), invitationId: 'inv-3' }))
      .thenFails('rate-limited');
    expect(problem.retryAfterSeconds).toBe(40);
    const minuteLater = new Date(resentAt.getTime() + 60_000);
    given(aClientAdded(), aClientInvited(), resent)
      .when(aResendInvitation({ now: minuteLater, invitationId: 'inv-3' }))
      .then(
        aClientInvitationResent({
          at: iso(minuteLater),
          invitationId: 'inv-3',
          replacedInvitationId: 'inv-2',
        }),
      );
  });

  it('Invited, the first resend right after the invitation → a new link (only resends are limited)', () => {
    const now = new Date(T0.getTime() + 1_000);
    given(aClientAdded(), aClientInvited())
      .when(aResendInvitation({ now }))
      .then(aClientInvitationResent({ at: iso(now) }));
  });

  it('Invited with an expired invitation, resend → a new link', () => {
    given(aClientAdded(), aClientInvited(), aClientInvitationExpired())
      .when(aResendInvitation({ now: afterTtl }))
      .then(aClientInvitationResent({ at: iso(afterTtl) }));
  });

  it('Invited, the client sets a password from the link → Active', () => {
    given(aClientAdded(), aClientInvited())
      .when(anAcceptInvitation({ now: later }))
      .then(aClientActivated({ at: iso(later) }));
  });

  it('Active, deactivate → Inactive', () => {
    given(aClientAdded(), aClientInvited(), aClientActivated())
      .when(aDeactivateClient())
      .then(aClientDeactivated());
  });

  it('Invited, deactivate → Inactive, and the pending link dies too', () => {
    given(aClientAdded(), aClientInvited())
      .when(aDeactivateClient())
      .then(aClientDeactivated({ cancelledInvitationId: 'inv-1' }));
  });

  it('Active, send invite → client-active', () => {
    given(aClientAdded(), aClientInvited(), aClientActivated())
      .when(aSendInvitation({ invitationId: 'inv-2' }))
      .thenFails('client-active');
  });

  it('Invited, send invite → invitation-pending', () => {
    given(aClientAdded(), aClientInvited())
      .when(aSendInvitation({ invitationId: 'inv-2' }))
      .thenFails('invitation-pending');
  });

  describe('Inactive (was active), send invite, accept → Active', () => {
    const wasActive = [aClientAdded(), aClientInvited(), aClientActivated(), aClientDeactivated()];

    it('send invite → Invited', () => {
      given(...wasActive)
        .when(aSendInvitation({ invitationId: 'inv-2' }))
        .then(aClientInvited({ invitationId: 'inv-2' }));
    });

    it('accept → Active', () => {
      given(...wasActive, aClientInvited({ invitationId: 'inv-2' }))
        .when(anAcceptInvitation({ invitationId: 'inv-2' }))
        .then(aClientActivated({ invitationId: 'inv-2' }));
    });
  });
});

describe('client decider: refusals', () => {
  it.each([
    ['UpdateProfile', anUpdateProfile({ changes: { firstName: 'Bea' } })],
    ['SendInvitation', aSendInvitation()],
    ['ResendInvitation', aResendInvitation()],
    ['RevokeInvitation', aRevokeInvitation()],
    ['ExpireInvitation', anExpireInvitation()],
    ['AcceptInvitation', anAcceptInvitation()],
    ['DeactivateClient', aDeactivateClient()],
    ['RecordPurchase', aRecordPurchase()],
  ])('%s on a client that does not exist → client-not-found', (_name, command) => {
    given().when(command).thenFails('client-not-found');
  });

  it("another studio's client → client-not-found (404, never 403)", () => {
    given(aClientAdded())
      .when(aDeactivateClient({ studioId: 'studio-2' }))
      .thenFails('client-not-found');
  });

  it('AddClient on an existing stream → conflict', () => {
    given(aClientAdded()).when(anAddClient()).thenFails('conflict');
  });

  it('resend without an invitation → no-invitation', () => {
    given(aClientAdded()).when(aResendInvitation()).thenFails('no-invitation');
  });

  it('revoke without an invitation → no-invitation', () => {
    given(aClientAdded(), aClientInvited(), aClientActivated())
      .when(aRevokeInvitation())
      .thenFails('no-invitation');
  });

  it('deactivate when Inactive → client-inactive', () => {
    given(aClientAdded()).when(aDeactivateClient()).thenFails('client-inactive');
  });

  it('an invalid profile → validation-failed naming every bad field', () => {
    const problem = given()
      .when(
        anAddClient({
          profile: { firstName: ' ', lastName: 'Silva', email: 'not-an-email' },
          invite: { invitationId: 'inv-1', message: 'x'.repeat(2001), reason: 'invite' },
        }),
      )
      .thenFails('validation-failed');
    expect(problem.errors?.map((error) => error.field)).toEqual(['firstName', 'email', 'invite.message']);
  });

  it('an invitation message over 2000 characters → validation-failed', () => {
    given(aClientAdded())
      .when(aSendInvitation({ message: 'x'.repeat(2001) }))
      .thenFails('validation-failed');
  });
});

describe('client decider: accepting a link', () => {
  const invited = [aClientAdded(), aClientInvited()];

  it('expired at `now`, even before the sweep recorded it → invitation-expired', () => {
    given(...invited)
      .when(anAcceptInvitation({ now: afterTtl }))
      .thenFails('invitation-expired');
  });

  it('expired and recorded by the sweep → invitation-expired', () => {
    given(...invited, aClientInvitationExpired())
      .when(anAcceptInvitation({ now: later }))
      .thenFails('invitation-expired');
  });

  it('an older link after a resend → invitation-replaced', () => {
    given(...invited, aClientInvitationResent())
      .when(anAcceptInvitation({ invitationId: 'inv-1' }))
      .thenFails('invitation-replaced');
  });

  it('a revoked link → invitation-revoked', () => {
    given(...invited, aClientInvitationRevoked())
      .when(anAcceptInvitation())
      .thenFails('invitation-revoked');
  });

  it('a link that died with a deactivation → invitation-revoked', () => {
    given(...invited, aClientDeactivated({ cancelledInvitationId: 'inv-1' }))
      .when(anAcceptInvitation())
      .thenFails('invitation-revoked');
  });

  it('the link the client is Active from, again → nothing (a repeated acceptance)', () => {
    given(...invited, aClientActivated())
      .when(anAcceptInvitation({ now: later }))
      .then();
  });

  it('the link the client is Active from, again after its TTL and a profile edit → nothing', () => {
    given(...invited, aClientActivated(), aClientProfileUpdated({ changes: { firstName: 'Bea' } }))
      .when(anAcceptInvitation({ now: afterTtl }))
      .then();
  });

  it('a used link after the client was deactivated → invitation-used', () => {
    given(...invited, aClientActivated(), aClientDeactivated())
      .when(anAcceptInvitation())
      .thenFails('invitation-used');
  });

  it('a used link while the client is Active from a newer one → invitation-used', () => {
    given(
      ...invited,
      aClientActivated(),
      aClientDeactivated(),
      aClientInvited({ invitationId: 'inv-2' }),
      aClientActivated({ invitationId: 'inv-2' }),
    )
      .when(anAcceptInvitation({ invitationId: 'inv-1' }))
      .thenFails('invitation-used');
  });

  it('the first link of a client invited again after a deactivation → invitation-used', () => {
    given(...invited, aClientActivated(), aClientDeactivated(), aClientInvited({ invitationId: 'inv-2' }))
      .when(anAcceptInvitation({ invitationId: 'inv-1' }))
      .thenFails('invitation-used');
  });

  it('an id this client never had → invitation-not-found', () => {
    given(...invited)
      .when(anAcceptInvitation({ invitationId: 'inv-9' }))
      .thenFails('invitation-not-found');
  });
});

describe('client decider: the expiry sweep', () => {
  it('expiring an already expired invitation yields nothing', () => {
    given(aClientAdded(), aClientInvited(), aClientInvitationExpired())
      .when(anExpireInvitation({ now: afterTtl }))
      .then();
  });

  it('expiring an invitation that is no longer current yields nothing', () => {
    given(aClientAdded(), aClientInvited(), aClientInvitationResent())
      .when(anExpireInvitation({ now: afterTtl }))
      .then();
  });

  it('expiring before the time → conflict', () => {
    given(aClientAdded(), aClientInvited())
      .when(anExpireInvitation({ now: later }))
      .thenFails('conflict');
  });
});

describe('client decider: profile', () => {
  it('records only the changed fields', () => {
    given(aClientAdded())
      .when(anUpdateProfile({ changes: { firstName: 'Bea', lastName: 'Silva', tags: ['VIP'] } }))
      .then(aClientProfileUpdated({ changes: { firstName: 'Bea', tags: ['VIP'] } }));
  });

  it('an email change carries the previous email, to free it', () => {
    given(aClientAdded())
      .when(anUpdateProfile({ changes: { email: ' Ana.Silva@Example.com ' } }))
      .then(
        aClientProfileUpdated({
          changes: { email: 'ana.silva@example.com' },
          previousEmail: 'ana@example.com',
        }),
      );
  });

  it('an edit that changes nothing (after normalisation) records nothing', () => {
    given(aClientAdded())
      .when(anUpdateProfile({ changes: { email: 'ANA@example.com', phone: '' } }))
      .then();
  });

  it('If-Match on the current version → accepted', () => {
    given(aClientAdded(), aClientInvited())
      .when(anUpdateProfile({ changes: { firstName: 'Bea' }, expectedVersion: 1 }))
      .then(aClientProfileUpdated({ changes: { firstName: 'Bea' } }));
  });

  it('If-Match on an older version → version-mismatch', () => {
    given(aClientAdded(), aClientInvited())
      .when(anUpdateProfile({ changes: { firstName: 'Bea' }, expectedVersion: 0 }))
      .thenFails('version-mismatch');
  });

  it('an invalid edit → validation-failed', () => {
    given(aClientAdded())
      .when(anUpdateProfile({ changes: { lastName: '' } }))
      .thenFails('validation-failed');
  });
});

describe('client decider: package purchase', () => {
  const welcome = aClientInvited({ reason: 'purchase' });

  it('an Inactive client: the purchase, and a welcome link', () => {
    given(aClientAdded())
      .when(aRecordPurchase({ invitationId: 'inv-1' }))
      .then(aClientPurchaseRecorded(), welcome);
  });

  it('an Inactive client without an invitation id: only the purchase', () => {
    given(aClientAdded()).when(aRecordPurchase()).then(aClientPurchaseRecorded());
  });

  it('an Active client: only the purchase', () => {
    given(aClientAdded(), aClientInvited(), aClientActivated())
      .when(aRecordPurchase({ invitationId: 'inv-2' }))
      .then(aClientPurchaseRecorded());
  });

  it('an Invited client keeps its link: only the purchase', () => {
    given(aClientAdded(), aClientInvited())
      .when(aRecordPurchase({ invitationId: 'inv-2' }))
      .then(aClientPurchaseRecorded());
  });

  it('the same order again yields nothing', () => {
    given(aClientAdded(), aClientPurchaseRecorded())
      .when(aRecordPurchase({ invitationId: 'inv-1' }))
      .then();
  });

  describe('a buyer the studio does not know', () => {
    const buyer = { firstName: 'Ana', lastName: 'Silva', email: ' Ana@Example.com ', phone: null };

    it('is added with source "Package purchase", then the purchase, then a welcome link', () => {
      given()
        .when(aRecordPurchase({ buyer, invitationId: 'inv-1' }))
        .then(aClientAdded({ source: 'Package purchase' }), aClientPurchaseRecorded(), welcome);
    });

    it('without an invitation id: added and the purchase, no link', () => {
      given()
        .when(aRecordPurchase({ buyer }))
        .then(aClientAdded({ source: 'Package purchase' }), aClientPurchaseRecorded());
    });

    it('with an invalid email → validation-failed, nothing recorded', () => {
      given()
        .when(aRecordPurchase({ buyer: { ...buyer, email: 'not an email' }, invitationId: 'inv-1' }))
        .thenFails('validation-failed');
    });

    it('the buyer details are ignored for a client who exists: the purchase only', () => {
      given(aClientAdded(), aClientInvited(), aClientActivated())
        .when(aRecordPurchase({ buyer: { ...buyer, firstName: 'Other' }, invitationId: 'inv-2' }))
        .then(aClientPurchaseRecorded());
    });

    it("another studio's client is not found, even with the buyer's details", () => {
      given(aClientAdded())
        .when(aRecordPurchase({ buyer, studioId: 'studio-2' }))
        .thenFails('client-not-found');
    });
  });
});
