import type { Access } from '../api';

/** The client's studio access, as a word (never colour alone). */
export function AccessBadge({ access }: { readonly access: Access }) {
  return <span className={`badge badge--${access.toLowerCase()}`}>{access}</span>;
}
