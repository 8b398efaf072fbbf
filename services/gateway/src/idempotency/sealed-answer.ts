import { createHash, scrypt } from 'node:crypto';
import { LinkSealer } from '@studio/service-kit';
import { canonicalJson } from './request-hash';

/** Costly on purpose, as a password hash is: the stored match of a body that holds a password must not be. */
const SCRYPT = { N: 2 ** 14, r: 8, p: 1 } as const;

/**
 * For the POSTs whose body holds a password and whose answer may hold a session token (sign-up, sign-in,
 * accepting an invitation, completing a reset): the record keeps neither in a form a reader of the database
 * can use. A key is drawn from the request itself (the caller's namespace, the Idempotency-Key, the path and
 * the body) with scrypt: the stored body hash is a hash of that key, and the answer is sealed with it
 * (AES-256-GCM, by the sealer emailed links use), so only the same request again opens it. Guessing a
 * password from the record costs an scrypt per guess.
 */
export interface SealedRequest {
  /** Stands for the body in the record: equal for the same request, different for any other. */
  readonly bodyHash: string;
  seal(answer: string): string;
  /** Undefined when the sealed text does not open with this request's key. */
  open(sealed: string): string | undefined;
}

export async function sealedRequest(
  scope: string,
  idempotencyKey: string,
  methodPath: string,
  body: unknown,
): Promise<SealedRequest> {
  const salt = createHash('sha256').update(`${scope}\n${idempotencyKey}\n${methodPath}`).digest();
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(canonicalJson(body ?? {}), salt, 32, SCRYPT, (error, derived) =>
      error ? reject(error) : resolve(derived),
    ),
  );
  const part = (label: string) => createHash('sha256').update(label).update(key).digest();
  const sealer = LinkSealer.withKey(part('seal'));
  return {
    bodyHash: `sealed:${part('match').toString('hex')}`,
    seal: (answer) => sealer.seal(answer),
    open(sealed) {
      try {
        return sealer.open(sealed);
      } catch {
        return undefined;
      }
    },
  };
}
