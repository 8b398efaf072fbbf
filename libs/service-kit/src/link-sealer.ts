import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'sealed:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const LINK_KEY_BYTES = 32;

/**
 * Emailed links carry live tokens, and between the service that mints one and notification they rest in an
 * outbox table, a JetStream stream and, if sending fails for good, the dead letters. Sealed with
 * MAIL_LINK_KEY (AES-256-GCM) they are unreadable there; only notification opens them, to send. Without a key
 * (a deployment that set none) links travel as they are, and the start-up says so.
 */
export class LinkSealer {
  private constructor(private readonly key: Buffer | undefined) {}

  static withKey(key: Buffer | undefined): LinkSealer {
    if (key !== undefined && key.length !== LINK_KEY_BYTES)
      throw new Error(`a link key has ${LINK_KEY_BYTES} bytes, not ${key.length}`);
    return new LinkSealer(key);
  }

  get sealing(): boolean {
    return this.key !== undefined;
  }

  seal(link: string): string {
    if (this.key === undefined) return link;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(link, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}${iv.toString('base64url')}.${sealed.toString('base64url')}`;
  }

  /** @throws when the link was sealed with another key, or altered. A link that was never sealed is as it is. */
  open(value: string): string {
    if (!value.startsWith(PREFIX)) return value;
    if (this.key === undefined) throw new Error('a sealed link arrived, and MAIL_LINK_KEY is not set here');
    const [ivText = '', sealedText = ''] = value.slice(PREFIX.length).split('.');
    const iv = Buffer.from(ivText, 'base64url');
    const sealed = Buffer.from(sealedText, 'base64url');
    if (iv.length !== IV_BYTES || sealed.length < TAG_BYTES) throw new Error('a sealed link is malformed');
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new Error('a sealed link does not open with this MAIL_LINK_KEY (another key, or altered)');
    }
  }
}

/** MAIL_LINK_KEY as written in settings: 32 bytes, base64 (44 characters) or hex (64). */
export function parseLinkKey(text: string): Buffer | undefined {
  const bytes = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  return bytes.length === LINK_KEY_BYTES ? bytes : undefined;
}

export const newLinkKey = (): string => randomBytes(LINK_KEY_BYTES).toString('base64');
