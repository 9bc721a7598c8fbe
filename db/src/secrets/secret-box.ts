import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets the database keeps but must not show: community groups' robot credentials, drones'
 * MAVLink signing keys. Each use passes its own `purpose` (bound in as additional authenticated data), so an
 * envelope copied from one column into another does not open. The envelope is `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts);
 * keyId is 8 hex characters of the key's SHA-256, so a worker can tell (in SQL) which rows its key can open
 * and leave the others alone instead of failing them (a server started with the wrong SECRETS_KEY).
 */
export interface SecretBox {
  keyId: string;
  seal(plain: string): string;
  open(envelope: string): string;
}

/** The purpose of the first use; envelopes sealed before purposes existed carry it. */
export const GROUP_CREDENTIALS_PURPOSE = 'lookout/community_groups.credentials';

export class SecretBoxError extends Error {}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function createSecretBox(key: Buffer, purpose: string = GROUP_CREDENTIALS_PURPOSE): SecretBox {
  const aad = Buffer.from(purpose);
  if (key.length !== 32) throw new SecretBoxError(`AES-256-GCM needs a 32-byte key, got ${key.length} bytes`);
  const keyId = keyIdOf(key);
  return {
    keyId,
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [
        'v1',
        keyId,
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        ct.toString('base64url'),
      ].join('.');
    },
    open(envelope) {
      const parts = envelope.split('.');
      if (parts.length !== 5 || parts[0] !== 'v1') throw new SecretBoxError('not a v1 secret envelope');
      if (parts[1] !== keyId) throw new SecretBoxError(`sealed with another key (${parts[1]}, this one is ${keyId})`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(parts[2]!, 'base64url'));
        decipher.setAAD(aad);
        decipher.setAuthTag(Buffer.from(parts[3]!, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(parts[4]!, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('the envelope does not authenticate (tampered or wrong key)');
      }
    },
  };
}

/** The envelope prefix of one key, for the claim query's `left(credentials_enc, n) = prefix`. */
export function envelopePrefix(keyId: string): string {
  return `v1.${keyId}.`;
}
