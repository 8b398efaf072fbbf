import type { PrincipalDto, StudioDto } from '@studio/contracts';

/** A staff member or a client who can sign in to a studio. */
export interface Account {
  readonly studioId: string;
  readonly id: string;
  readonly kind: 'staff' | 'client';
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly active: boolean;
}

/** An account with its studio: what sessions, principals and emails need. */
export interface AccountInStudio {
  readonly account: Account;
  readonly studio: StudioDto;
}

/** The columns `ACCOUNT_IN_STUDIO` selects. */
export interface AccountRow {
  readonly studio_id: string;
  readonly id: string;
  readonly kind: 'staff' | 'client';
  readonly email: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly status: 'active' | 'disabled';
  readonly studio_name: string;
  readonly studio_slug: string;
}

/** Select list of an account (alias `a`) joined with its studio (alias `st`). */
export const ACCOUNT_COLUMNS = `a.studio_id, a.id, a.kind, a.email, a.first_name, a.last_name, a.status,
  st.name AS studio_name, st.slug AS studio_slug`;

export function toAccountInStudio(row: AccountRow): AccountInStudio {
  return {
    account: {
      studioId: row.studio_id,
      id: row.id,
      kind: row.kind,
      email: row.email,
      firstName: row.first_name,
      lastName: row.last_name,
      active: row.status === 'active',
    },
    studio: { id: row.studio_id, name: row.studio_name, slug: row.studio_slug },
  };
}

export function toPrincipal(account: Account): PrincipalDto {
  const { kind, id, studioId, firstName, lastName, email } = account;
  return { kind, id, studioId, firstName, lastName, email };
}
