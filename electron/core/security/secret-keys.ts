// High-entropy secrets: machine keys and device credentials. Because they carry 192 bits of
// randomness a fast hash (SHA-256) is safe to store; a slow hash is only needed for guessable
// secrets like PINs. Lookup is by a short public prefix, then a constant-time compare of hashes,
// so neither timing nor the stored table reveals a usable key.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const KEY_PREFIX_LENGTH = 8;

export interface IssuedKey {
  /** The full secret, shown once to whoever issued it and never stored. */
  key: string;
  prefix: string;
  hash: string;
}

/** `kind` is a readable tag such as `mk` (machine key) or `dc` (device credential). */
export function issueKey(kind: string): IssuedKey {
  const body = randomBytes(24).toString('base64url');
  const key = `${kind}_${body}`;
  return { key, prefix: keyPrefix(key), hash: hashKey(key) };
}

export function keyPrefix(key: string): string {
  const body = key.slice(key.indexOf('_') + 1);
  return body.slice(0, KEY_PREFIX_LENGTH);
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function keyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashKey(key), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
