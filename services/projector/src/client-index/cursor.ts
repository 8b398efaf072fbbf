/** The opaque keyset cursor of the client list: base64url JSON of the sort, its key and the client id. */
import { id, Problem, text, time } from '@studio/contracts';
import type { ClientSort } from '@studio/contracts';

const KEY = text(1000);
const ID = id();
/** Strict ISO 8601 UTC, as the cursor was written: `Date.parse` takes "1" or "March 7", PostgreSQL does not. */
const TIME = time();

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

/**
 * A cursor that is not one of ours, or was made for another sort, is a validation failure; so is one whose
 * key or id is not clean text (NUL, lone surrogates) or, for the time sorts, not a strict ISO time.
 */
export function decodeCursor(encoded: string, sort: ClientSort): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalidCursor();
  const { s, k, i } = parsed as Record<string, unknown>;
  if (s !== sort || !KEY.safeParse(k).success || !ID.safeParse(i).success) throw invalidCursor();
  const isTime = sort === 'createdAt' || sort === '-createdAt';
  if (isTime && !TIME.safeParse(k).success) throw invalidCursor();
  return { sort, key: k as string, id: i as string };
}

const invalidCursor = () =>
  Problem.of('validation-failed', 'the cursor is not valid', [
    { field: 'cursor', message: 'is not a cursor of this list and sort' },
  ]);
