// PIN hashing: argon2id, the only form in which a PIN is ever stored. The argon2 package runs on
// libuv's thread pool, so hashing and verifying never block the core's event loop. Parameters are
// chosen so that one verification takes tens of milliseconds on a kiosk: quick for an operator,
// costly for anyone who copies the profiles table and tries all 10^6 six-digit PINs.
import argon2 from 'argon2';

export const PIN_HASH_PARAMS = {
  type: argon2.argon2id,
  memoryCost: 19_456, // KiB (19 MiB), OWASP's argon2id baseline
  timeCost: 3,
  parallelism: 1,
} as const;

/** 4–6 digits. Checked before hashing so a malformed PIN is refused with a reason, not hashed. */
export const PIN_PATTERN = /^\d{4,6}$/;

export async function hashPin(pin: string): Promise<string> {
  if (!PIN_PATTERN.test(pin)) throw new Error('PIN must be 4 to 6 digits');
  return argon2.hash(pin, PIN_HASH_PARAMS);
}

/** Constant-time verification inside argon2; a malformed stored hash counts as a mismatch. */
export async function verifyPin(pinHash: string, pin: string): Promise<boolean> {
  if (!PIN_PATTERN.test(pin) || !pinHash.startsWith('$argon2id$')) return false;
  try {
    return await argon2.verify(pinHash, pin);
  } catch {
    return false;
  }
}
