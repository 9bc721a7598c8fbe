import { createSecretBox, type SecretBox } from '@lookout/db';
import type { GroupCredentials } from './channels/channel.ts';

/**
 * A group's channel secrets (webhook URL, signing secret, roster phones) are stored sealed with the deployment's
 * secret key; the box lives in `@lookout/db` because the drone bridge seals MAVLink signing keys with it too.
 */
export function credentialsBox(secretKey: Buffer): SecretBox {
  return createSecretBox(secretKey);
}

export function sealCredentials(box: SecretBox, credentials: GroupCredentials): string {
  return box.seal(JSON.stringify(credentials));
}

/** Throws when the envelope was sealed with another key or has been tampered with. */
export function openCredentials(box: SecretBox, envelope: string): GroupCredentials {
  return JSON.parse(box.open(envelope)) as GroupCredentials;
}
