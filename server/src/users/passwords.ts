import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import argon2 from 'argon2';
import PQueue from 'p-queue';
import { AppError } from '../errors.ts';

/** argon2id with the library's defaults (64 MiB, t=3): ~50 ms on this machine kind. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

export interface PasswordGateOptions {
  /** Hashes computed at once (default: the core count). */
  concurrency?: number;
  /** Attempts that may wait for a turn; beyond it a login is refused at once (503, Retry-After). */
  maxWaiting: number;
}

/**
 * Bounds the argon2 work of logins: each verification takes 64 MiB and a core for ~50 ms, so a flood of wrong
 * passwords would otherwise starve health checks, the database and everyone's logins. At most `concurrency`
 * verifications run; the rest wait in a bounded queue where a login from an address the user is known at goes
 * first, and attempts beyond the bound are refused without hashing.
 */
export function createPasswordGate(options: PasswordGateOptions) {
  const concurrency = Math.max(1, options.concurrency ?? availableParallelism());
  const queue = new PQueue({ concurrency });
  return {
    /** `known`: the user has signed in from this address before; such a login jumps the queue and has 4× the room. */
    async verify(hash: string, password: string, known: boolean): Promise<boolean> {
      const room = known ? options.maxWaiting * 4 : options.maxWaiting;
      if (queue.pending >= concurrency && queue.size >= room) {
        throw new AppError('unavailable', 'Too many logins are being checked right now; try again in a moment', {
          retryAfterS: 1,
        });
      }
      return queue.add(() => verifyPassword(hash, password), { priority: known ? 1 : 0 });
    },
    get waiting(): number {
      return queue.size;
    },
    get running(): number {
      return queue.pending;
    },
  };
}
export type PasswordGate = ReturnType<typeof createPasswordGate>;

/** 16 characters from an alphabet without look-alikes, ~94 bits. */
export function generatePassword(length = 16): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length];
  }
  return out.length === length ? out : generatePassword(length);
}
