export * from './client.commands';
export * from './client.decider';
export * from './client.evolve';
export * from './client.state';
export * from './client.view';
export { invitationStanding, type InvitationStanding } from './invitation.decisions';
