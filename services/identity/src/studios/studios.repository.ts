import { DATABASE } from '@studio/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { StudioDetailsDto, StudioDto } from '@studio/contracts';
import type { SqlExecutor, SqlDatabase } from '@studio/sql';

/** The unique constraint that makes a slug taken even under concurrent sign-ups. */
export const STUDIO_SLUG_KEY = 'studios_slug_key';

interface DetailsRow {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly owner_id: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly email: string;
}

@Injectable()
export class StudiosRepository {
  constructor(@Inject(DATABASE) private readonly db: SqlDatabase) {}

  async insert(tx: SqlExecutor, studio: StudioDto, ownerId: string, now: Date): Promise<void> {
    await tx.query('INSERT INTO studios (id, name, slug, owner_id, created_at) VALUES ($1, $2, $3, $4, $5)', [
      studio.id,
      studio.name,
      studio.slug,
      ownerId,
      now.toISOString(),
    ]);
  }

  async slugTaken(slug: string): Promise<boolean> {
    const { rows } = await this.db.query('SELECT 1 FROM studios WHERE slug = $1', [slug]);
    return rows.length > 0;
  }

  async exists(studioId: string): Promise<boolean> {
    const { rows } = await this.db.query('SELECT 1 FROM studios WHERE id = $1', [studioId]);
    return rows.length > 0;
  }

  /** A studio with its owner, by id or by slug. */
  async details(by: { readonly id: string } | { readonly slug: string }): Promise<StudioDetailsDto | null> {
    const [column, value] = 'id' in by ? ['id', by.id] : ['slug', by.slug];
    const { rows } = await this.db.query<DetailsRow>(
      `SELECT st.id, st.name, st.slug, st.owner_id, a.first_name, a.last_name, a.email
         FROM studios st JOIN accounts a ON a.studio_id = st.id AND a.id = st.owner_id
        WHERE st.${column} = $1`,
      [value],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      name: row.name,
      slug: row.slug,
      owner: { id: row.owner_id, firstName: row.first_name, lastName: row.last_name, email: row.email },
    };
  }
}
