export * from './project.commands';
export { decide, visible } from './project.decider';
export { evolve } from './project.evolve';
export * from './project.state';
export { toProjectView } from './project.view';
