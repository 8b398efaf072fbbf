import { z } from 'zod';
import { named } from './api-registry';
import { cursor, id, text, time, type Output, pageLimit } from './text.schema';

const projectName = () => text(200).min(1);

export const ProjectRefSchema = named(
  'ProjectRef',
  'A project by id and name',
  z.strictObject({ id: id(), name: projectName() }),
);

export const ProjectSchema = named(
  'Project',
  'A project of the studio and the clients in it',
  z.strictObject({
    id: id(),
    name: projectName(),
    clientIds: z.array(id()),
    createdAt: time(),
    version: z.int().min(0),
  }),
);

export const ProjectPageSchema = named(
  'ProjectPage',
  'A page of projects, newest first',
  z.strictObject({ items: z.array(ProjectSchema), nextCursor: z.string().nullable() }),
);

export const ProjectRequestSchema = named(
  'ProjectRequest',
  'A project\u2019s name, 1 to 200 characters',
  z.strictObject({ name: projectName() }),
);

export const ListProjectsQuerySchema = z.object({
  clientId: id().optional().describe('Only the projects this client is in'),
  limit: pageLimit(),
  cursor: cursor(),
});

export const ProjectParamsSchema = z.strictObject({ id: id() });
export const ProjectClientParamsSchema = z.strictObject({ id: id(), clientId: id() });

export type ProjectRefDto = Output<typeof ProjectRefSchema>;
export type ProjectDto = Output<typeof ProjectSchema>;
export type ProjectPageDto = Output<typeof ProjectPageSchema>;
export type ListProjectsQuery = Output<typeof ListProjectsQuerySchema>;
