import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt } from 'node:crypto';
import { canonicalJson } from './request-hash';

/** Costly on purpose, as a password hash is: the stored match of a body that holds a password must not be. */
const SCRYPT = { N: 2 ** 14, r: 8, p: 1 } as const;

/**
 * For the POSTs whose body holds a password and whose answer may hold a session token (sign-up, sign-in,
 * accepting an invitation, completing a reset): the record keeps neither in a form a reader of the database
 * can use. A key is drawn from the request itself (the caller's namespace, the Idempotency-Key, the path and
 * the body) with scrypt: the stored body hash is a hash of that key, and the answer is sealed with it
 * (AES-256-GCM), so only the same request again opens it. Guessing a password from the record costs an
 * scrypt per guess.
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
  const sealKey = part('seal');
  return {
    bodyHash: `sealed:${part('match').toString('hex')}`,
    seal(answer) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', sealKey, iv);
      const text = Buffer.concat([cipher.update(answer, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), text]).toString('base64');
    },
    open(sealed) {
      try {
        const bytes = Buffer.from(sealed, 'base64');
        const decipher = createDecipheriv('aes-256-gcm', sealKey, bytes.subarray(0, 12));
        decipher.setAuthTag(bytes.subarray(12, 28));
        return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}
