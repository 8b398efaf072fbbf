/** The opaque keyset cursor of the project list (newest first): base64url JSON of the creation time and id. */
import { Problem } from '@studio/contracts';

export interface ProjectCursor {
  readonly createdAt: string;
  readonly id: string;
}

export function encodeCursor(cursor: ProjectCursor): string {
  return Buffer.from(JSON.stringify({ c: cursor.createdAt, i: cursor.id }), 'utf8').toString('base64url');
}

/** A cursor that is not one of ours is a validation failure naming the field. */
export function decodeCursor(text: string): ProjectCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalidCursor();
  const { c, i } = parsed as Record<string, unknown>;
  if (typeof c !== 'string' || typeof i !== 'string' || Number.isNaN(Date.parse(c))) throw invalidCursor();
  return { createdAt: c, id: i };
}

const invalidCursor = () =>
  Problem.of('validation-failed', 'the cursor is not valid', [
    { field: 'cursor', message: 'is not a cursor of this list' },
  ]);
