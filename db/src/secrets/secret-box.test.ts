import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, envelopePrefix, SecretBoxError } from './secret-box.ts';

describe('secret box (AES-256-GCM)', () => {
  const box = createSecretBox(randomBytes(32));

  it('opens what it sealed, and never shows the plain text in the envelope', () => {
    const plain = JSON.stringify({
      webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
      signSecret: 'SECxyz',
    });
    const env = box.seal(plain);
    expect(env.startsWith(envelopePrefix(box.keyId))).toBe(true);
    expect(env).not.toContain('access_token');
    expect(env).not.toContain('SECxyz');
    expect(box.open(env)).toBe(plain);
  });

  it('seals the same text differently each time (random IV)', () => {
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses a tampered ciphertext', () => {
    const parts = box.seal('hello world').split('.');
    const ct = Buffer.from(parts[4]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[4] = ct.toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow(SecretBoxError);
  });

  it('refuses an envelope of another key, and junk', () => {
    const other = createSecretBox(randomBytes(32));
    expect(() => other.open(box.seal('x'))).toThrow(/another key/);
    expect(() => box.open('plain text')).toThrow(SecretBoxError);
  });

  it('wants a 32-byte key', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32-byte/);
  });

  it('binds an envelope to its purpose: one sealed for another column does not open', () => {
    const key = randomBytes(32);
    const groups = createSecretBox(key);
    const signing = createSecretBox(key, 'lookout/drones.mavlink_signing_key');
    const sealed = signing.seal('00ff');
    expect(signing.open(sealed)).toBe('00ff');
    expect(() => groups.open(sealed)).toThrow(SecretBoxError);
  });
});
