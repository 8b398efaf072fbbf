import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type ActivateStagedCredentialsBody,
  checkPassword,
  collect,
  type Envelope,
  parseEmail,
  parsePersonName,
  RequestSubject,
  type SessionDto,
  type StageCredentialsBody,
  Problem,
} from '@studio/contracts';
import { text } from '../shared/body-text';
import { StudiosRepository } from '../studios/studios.repository';
import { ClientActivation, type ClientInvitationRef } from './client-activation.service';

/**
 * Accepting an invitation, asked by the invitation service: `stage` the password before the registry accepts,
 * `activate` after it did. The registry's ClientActivated promotes the staged credential as well, so a client
 * whose acceptance stopped half-way still ends up with the password they chose.
 */
@Controller()
export class CredentialsController {
  constructor(
    @Inject(StudiosRepository) private readonly studios: StudiosRepository,
    @Inject(ClientActivation) private readonly activation: ClientActivation,
  ) {}

  @MessagePattern(RequestSubject.stageCredentials)
  async stage(@Payload() message: Envelope<StageCredentialsBody>): Promise<Record<string, never>> {
    const { body } = message;
    const profile = collect({
      firstName: parsePersonName(text(body.firstName), 'firstName'),
      lastName: parsePersonName(text(body.lastName), 'lastName'),
      email: parseEmail(text(body.email)),
    });
    if (!profile.ok) throw Problem.of('validation-failed', 'the client is not valid', profile.errors);
    const ref = invitationRef(body);
    const password = text(body.password);
    const strength = checkPassword(password);
    if (!strength.ok) throw Problem.of('weak-password', `The password ${strength.message}.`);
    if (!(await this.studios.exists(ref.studioId))) throw Problem.of('not-found', 'no such studio');
    await this.activation.stage({ ...ref, ...profile.value, password });
    return {};
  }

  @MessagePattern(RequestSubject.activateCredentials)
  activate(@Payload() message: Envelope<ActivateStagedCredentialsBody>): Promise<SessionDto> {
    return this.activation.activate(invitationRef(message.body), text(message.body.password));
  }
}

function invitationRef(body: ClientInvitationRef): ClientInvitationRef {
  const ref = {
    studioId: text(body.studioId),
    clientId: text(body.clientId),
    invitationId: text(body.invitationId),
  };
  if (ref.clientId === '' || ref.invitationId === '') {
    throw Problem.of('validation-failed', 'clientId and invitationId are required');
  }
  return ref;
}
