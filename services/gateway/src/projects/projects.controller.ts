import { Controller } from '@nestjs/common';
import {
  API,
  type CreateProjectBody,
  type ListProjectsBody,
  type ProjectDto,
  type ProjectMemberBody,
  type ProjectPageDto,
  type ProjectRefBody,
  type ProjectWriteResult,
  type RenameProjectBody,
  RequestSubject,
} from '@studio/contracts';
import { Access, Auth, type AuthContext } from '../auth/auth-context';
import { ServiceRequests } from '../bus/service-requests';
import { Input, type RequestInput } from '../http/request-input';
import { Route } from '../http/route.decorator';

/**
 * The studio's projects (API.md "Projects"); every call is scoped to the caller's studio, so another studio's
 * project is `404 project-not-found`. A write answers from the write: the project as decided, which the
 * projects service has also put in its read model before answering (a read after it sees it).
 */
@Controller()
@Access('staff')
export class ProjectsController {
  constructor(private readonly services: ServiceRequests) {}

  @Route(API.createProject)
  async create(
    @Auth() auth: AuthContext,
    @Input() { body: { name } }: RequestInput<typeof API.createProject>,
  ): Promise<ProjectDto> {
    const body: CreateProjectBody = { studioId: auth.principal.studioId, name };
    return this.write(auth, RequestSubject.createProject, body);
  }

  @Route(API.listProjects)
  list(
    @Auth() auth: AuthContext,
    @Input() { query }: RequestInput<typeof API.listProjects>,
  ): Promise<ProjectPageDto> {
    const body: ListProjectsBody = { studioId: auth.principal.studioId, ...query };
    return this.services.request<ProjectPageDto>(RequestSubject.listProjects, body, auth.actor);
  }

  @Route(API.getProject)
  get(
    @Auth() auth: AuthContext,
    @Input() { params }: RequestInput<typeof API.getProject>,
  ): Promise<ProjectDto> {
    return this.services.request<ProjectDto>(
      RequestSubject.getProject,
      this.ref(auth, params.id),
      auth.actor,
    );
  }

  @Route(API.renameProject)
  rename(
    @Auth() auth: AuthContext,
    @Input() { params, body: { name } }: RequestInput<typeof API.renameProject>,
  ): Promise<ProjectDto> {
    const body: RenameProjectBody = { ...this.ref(auth, params.id), name };
    return this.write(auth, RequestSubject.renameProject, body);
  }

  @Route(API.addClientToProject)
  async addClient(
    @Auth() auth: AuthContext,
    @Input() { params }: RequestInput<typeof API.addClientToProject>,
  ): Promise<void> {
    const body: ProjectMemberBody = { ...this.ref(auth, params.id), clientId: params.clientId };
    await this.write(auth, RequestSubject.addClientToProject, body);
  }

  @Route(API.removeClientFromProject)
  async removeClient(
    @Auth() auth: AuthContext,
    @Input() { params }: RequestInput<typeof API.removeClientFromProject>,
  ): Promise<void> {
    const body: ProjectMemberBody = { ...this.ref(auth, params.id), clientId: params.clientId };
    await this.write(auth, RequestSubject.removeClientFromProject, body);
  }

  private ref(auth: AuthContext, projectId: string): ProjectRefBody {
    return { studioId: auth.principal.studioId, projectId };
  }

  private async write(auth: AuthContext, subject: RequestSubject, body: unknown): Promise<ProjectDto> {
    const written = await this.services.request<ProjectWriteResult>(subject, body, auth.actor);
    return written.project;
  }
}
