/** The opaque keyset cursor of the client list: base64url JSON of the sort, its key and the client id. */
import { Problem } from '@studio/contracts';
import type { ClientSort } from '@studio/contracts';

export interface Cursor {
  readonly sort: ClientSort;
  readonly key: string;
  readonly id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.sort, k: cursor.key, i: cursor.id }), 'utf8').toString(
    'base64url',
  );
}

/** A cursor that is not one of ours, or was made for another sort, is a validation failure. */
export function decodeCursor(text: string, sort: ClientSort): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalidCursor();
  const { s, k, i } = parsed as Record<string, unknown>;
  if (s !== sort || typeof k !== 'string' || typeof i !== 'string') throw invalidCursor();
  if ((sort === 'createdAt' || sort === '-createdAt') && Number.isNaN(Date.parse(k))) throw invalidCursor();
  return { sort, key: k, id: i };
}

const invalidCursor = () =>
  Problem.of('validation-failed', 'the cursor is not valid', [
    { field: 'cursor', message: 'is not a cursor of this list and sort' },
  ]);
