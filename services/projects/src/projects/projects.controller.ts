import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type CreateProjectBody,
  type Envelope,
  type ListProjectsBody,
  Problem,
  type ProjectDto,
  type ProjectMemberBody,
  type ProjectMemberships,
  type ProjectMembershipsBody,
  type ProjectPageDto,
  type ProjectRefBody,
  type ProjectWriteResult,
  type RenameProjectBody,
  RequestSubject,
} from '@studio/contracts';
import type { ProjectCommandBase } from '@studio/project-domain';
import { CLOCK, type Clock, REQUESTER } from '@studio/service-kit';
import type { Requester } from '@studio/messaging';
import { ProjectsReader } from '../read-model/projects.reader';
import { ProjectCommandHandler } from './project-command.handler';
import { actorRefOf } from './project-stream';

/** The project decider and read model over the bus: every body is studio-scoped. */
@Controller()
export class ProjectsController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REQUESTER) private readonly requester: Requester,
    @Inject(ProjectCommandHandler) private readonly projects: ProjectCommandHandler,
    @Inject(ProjectsReader) private readonly reader: ProjectsReader,
  ) {}

  @MessagePattern(RequestSubject.createProject)
  create(@Payload() { meta, body }: Envelope<CreateProjectBody>): Promise<ProjectWriteResult> {
    const base = this.base(body.studioId, randomUUID(), meta.actor);
    return this.projects.execute({ type: 'CreateProject', data: { ...base, name: body.name } });
  }

  @MessagePattern(RequestSubject.renameProject)
  rename(@Payload() { meta, body }: Envelope<RenameProjectBody>): Promise<ProjectWriteResult> {
    const base = this.base(body.studioId, body.projectId, meta.actor);
    return this.projects.execute({ type: 'RenameProject', data: { ...base, name: body.name } });
  }

  /**
   * Another studio's project is `project-not-found` before anything else; then the registry says whether the
   * client is one of this studio's (its answer for another studio's client, or none, is `client-not-found`).
   */
  @MessagePattern(RequestSubject.addClientToProject)
  async addClient(@Payload() { meta, body }: Envelope<ProjectMemberBody>): Promise<ProjectWriteResult> {
    const { studioId, projectId, clientId } = body;
    const project = await this.projects.loadVisible(studioId, projectId);
    const clientInStudio =
      project.clientIds.includes(clientId) || (await this.isClientOf(studioId, clientId));
    const base = this.base(studioId, projectId, meta.actor);
    return this.projects.execute({ type: 'AddClientToProject', data: { ...base, clientId, clientInStudio } });
  }

  @MessagePattern(RequestSubject.removeClientFromProject)
  removeClient(@Payload() { meta, body }: Envelope<ProjectMemberBody>): Promise<ProjectWriteResult> {
    const base = this.base(body.studioId, body.projectId, meta.actor);
    return this.projects.execute({
      type: 'RemoveClientFromProject',
      data: { ...base, clientId: body.clientId },
    });
  }

  @MessagePattern(RequestSubject.getProject)
  async get(@Payload() { body }: Envelope<ProjectRefBody>): Promise<ProjectDto> {
    const project = await this.reader.get(body.studioId, body.projectId);
    if (project === undefined) throw Problem.of('project-not-found');
    return project;
  }

  @MessagePattern(RequestSubject.listProjects)
  list(@Payload() { body }: Envelope<ListProjectsBody>): Promise<ProjectPageDto> {
    return this.reader.list(body);
  }

  @MessagePattern(RequestSubject.projectMemberships)
  memberships(@Payload() { body }: Envelope<ProjectMembershipsBody>): Promise<ProjectMemberships> {
    return this.reader.memberships(body);
  }

  private async isClientOf(studioId: string, clientId: string): Promise<boolean> {
    try {
      await this.requester.request<unknown>(RequestSubject.getClientState, { studioId, clientId });
      return true;
    } catch (error) {
      if (error instanceof Problem && error.problem.code === 'client-not-found') return false;
      throw error;
    }
  }

  private base(
    studioId: string,
    projectId: string,
    actor: Envelope<unknown>['meta']['actor'],
  ): ProjectCommandBase {
    return { studioId, projectId, now: this.clock.now(), by: actorRefOf(actor) };
  }
}
