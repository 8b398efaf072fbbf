import { rebuildsTableDdl } from '@studio/service-kit';
import type { Migration } from '@studio/sql';

/**
 * The read model of projects (one row per project, `version` its stream's version, so a write never takes it
 * back) and of memberships (a project's clients, `position` their order of adding); then the rebuilds of it.
 * The project streams themselves live in the shared event store, which migrates its own schema.
 */
export const projectsMigrations: readonly Migration[] = [
  {
    id: 1,
    sql: `
      CREATE TABLE projects (
        project_id text PRIMARY KEY,
        studio_id  text NOT NULL,
        name       text NOT NULL,
        created_at timestamptz NOT NULL,
        version    integer NOT NULL
      );
      CREATE INDEX projects_newest_first ON projects (studio_id, created_at DESC, project_id DESC);

      CREATE TABLE project_members (
        project_id text NOT NULL,
        client_id  text NOT NULL,
        studio_id  text NOT NULL,
        position   integer NOT NULL,
        PRIMARY KEY (project_id, client_id)
      );
      CREATE INDEX project_members_by_client ON project_members (studio_id, client_id);

      ${rebuildsTableDdl('projects_rebuilds')}`,
  },
];
