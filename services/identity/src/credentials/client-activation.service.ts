import { CLOCK, type Clock, DATABASE } from '@studio/service-kit';
import { Problem } from '@studio/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { SessionDto } from '@studio/contracts';
import type { SqlExecutor, SqlDatabase } from '@studio/sql';
import type { AccountInStudio } from '../accounts/account';
import { ACCOUNT_EMAIL_KEY, AccountsRepository } from '../accounts/accounts.repository';
import { PasswordResetsRepository } from '../password-resets/password-resets.repository';
import { SessionsRepository } from '../sessions/sessions.repository';
import { hashPassword, verifyPassword } from '../shared/password-hasher';
import { isUniqueViolation } from '../shared/sql';
import { activatedStep, activateStep, deactivationDisables } from './client-lifecycle';
import { type StagedCredential, StagedCredentialsRepository } from './staged-credentials.repository';

export interface ClientInvitationRef {
  readonly studioId: string;
  readonly clientId: string;
  readonly invitationId: string;
}

/**
 * A client's credential from staging to the account, driven by the activate request and by the client's
 * events alike: whichever comes first promotes the staged credential, the other finds it done. Every step
 * runs under a per-client lock, so the two never interleave.
 */
@Injectable()
export class ClientActivation {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DATABASE) private readonly db: SqlDatabase,
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(StagedCredentialsRepository) private readonly staged: StagedCredentialsRepository,
    @Inject(SessionsRepository) private readonly sessions: SessionsRepository,
    @Inject(PasswordResetsRepository) private readonly resets: PasswordResetsRepository,
  ) {}

  /**
   * Stages the password for the invitation, replacing what the client had staged. Once the account holds this
   * invitation's credential, staging again changes nothing: a used link never sets another password.
   */
  async stage(
    credential: Omit<StagedCredential, 'passwordHash'> & { readonly password: string },
  ): Promise<void> {
    const { password, ...rest } = credential;
    const passwordHash = await hashPassword(password);
    await this.forClient(credential, async (tx) => {
      const account = await this.accounts.findClient(tx, credential.studioId, credential.clientId);
      if (account?.lifecycle.activatedBy === credential.invitationId) return;
      await this.staged.stage(tx, { ...rest, passwordHash }, this.clock.now());
    });
  }

  /** The registry accepted the invitation: the credential staged for it becomes the password; a session opens. */
  activate(ref: ClientInvitationRef, password: string): Promise<SessionDto> {
    return this.forClient(ref, async (tx) => {
      const account = await this.accounts.findClient(tx, ref.studioId, ref.clientId);
      const staged = await this.staged.find(tx, ref.studioId, ref.clientId);
      const step = activateStep(ref.invitationId, account, staged);
      const now = this.clock.now();
      switch (step.kind) {
        case 'refuse':
          throw Problem.of(step.code, 'no credential of this invitation can be activated');
        case 'confirm':
          await this.requirePassword(step.account.passwordHash, password);
          await this.staged.discard(tx, ref.studioId, ref.clientId, ref.invitationId);
          return this.sessions.open(tx, step.account.account, now);
        case 'promote': {
          await this.requirePassword(step.staged.passwordHash, password);
          const saved = await this.promote(tx, step.staged, null, now);
          return this.sessions.open(tx, saved.account, now);
        }
      }
    });
  }

  /** The registry's ClientActivated at `version`. */
  async onActivated(ref: ClientInvitationRef, version: number): Promise<void> {
    await this.forClient(ref, async (tx) => {
      const account = await this.accounts.findClient(tx, ref.studioId, ref.clientId);
      const staged = await this.staged.find(tx, ref.studioId, ref.clientId);
      const step = activatedStep({ invitationId: ref.invitationId, version }, account, staged);
      switch (step.kind) {
        case 'skip':
          return;
        case 'promote':
          await this.promote(tx, step.staged, version, this.clock.now());
          return;
        case 'record':
          await this.accounts.recordClientEvent(tx, ref.studioId, ref.clientId, version, {
            activatedBy: ref.invitationId,
          });
          await this.staged.discard(tx, ref.studioId, ref.clientId, ref.invitationId);
          return;
      }
    });
  }

  /**
   * The registry's ClientDeactivated at `version`: if it came after the account's activation, the client may
   * no longer sign in, and every session and reset link ends at once. A link it cancelled can stage no more.
   */
  async onDeactivated(
    client: { readonly studioId: string; readonly clientId: string; readonly at: Date },
    cancelledInvitationId: string | null,
    version: number,
  ): Promise<void> {
    const { studioId, clientId } = client;
    await this.forClient(client, async (tx) => {
      const account = await this.accounts.findClient(tx, studioId, clientId);
      if (account) {
        const disable = deactivationDisables({ version, at: client.at }, account);
        await this.accounts.recordClientEvent(tx, studioId, clientId, version, { disable });
        if (disable) {
          await this.sessions.endAll(tx, studioId, clientId);
          await this.resets.supersedeOpen(tx, studioId, clientId, this.clock.now());
        }
      }
      if (cancelledInvitationId !== null)
        await this.staged.discard(tx, studioId, clientId, cancelledInvitationId);
    });
  }

  /** The staged credential becomes the account's password; older sessions and reset links of it end. */
  private async promote(
    tx: SqlExecutor,
    staged: StagedCredential,
    version: number | null,
    now: Date,
  ): Promise<AccountInStudio> {
    const { studioId, clientId, invitationId, email, firstName, lastName, passwordHash } = staged;
    const saved = await this.accounts.promoteClient(
      tx,
      { studioId, id: clientId, email, firstName, lastName, passwordHash },
      { invitationId, version },
      now,
    );
    if (!saved) throw Problem.of('conflict', 'this id belongs to a staff account');
    await this.sessions.endAll(tx, studioId, clientId);
    await this.resets.supersedeOpen(tx, studioId, clientId, now);
    await this.staged.discard(tx, studioId, clientId, invitationId);
    return saved;
  }

  /** Another password than the one set from this invitation: someone else's attempt, or a used link. */
  private async requirePassword(passwordHash: string, password: string): Promise<void> {
    if (!(await verifyPassword(passwordHash, password))) {
      throw Problem.of('invitation-used', 'the invitation was used with another password');
    }
  }

  /** Runs `work` in a transaction holding the client's lock. */
  private async forClient<T>(
    client: { readonly studioId: string; readonly clientId: string },
    work: (tx: SqlExecutor) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
          `identity:client:${client.studioId}:${client.clientId}`,
        ]);
        return work(tx);
      });
    } catch (error) {
      if (isUniqueViolation(error, ACCOUNT_EMAIL_KEY)) {
        throw Problem.of('email-taken', 'another account of the studio has this email');
      }
      throw error;
    }
  }
}
