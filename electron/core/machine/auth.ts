// Machine-account authentication for the local API. Keys are checked against the hashes pulled
// from the central (machine_keys), so a machine keeps counting while the central is unreachable.
// Lookup is by the key's public prefix, then a constant-time hash compare (secret-keys.ts): the
// stored table never holds a usable key and the compare leaks nothing through timing.
import type Database from 'better-sqlite3';
import { hashKey, keyMatches, keyPrefix } from '../security/secret-keys';
import { MachineError } from './errors';

export interface MachineAccount {
  machine_id: string;
  tenant_id: string;
}

interface KeyRow {
  key_hash: string;
  profile_id: string;
  tenant_id: string;
  is_machine: number;
  profile_active: number;
}

const lookups = new WeakMap<Database.Database, Database.Statement>();

function lookup(db: Database.Database): Database.Statement {
  let s = lookups.get(db);
  if (!s) {
    s = db.prepare(
      `SELECT k.key_hash, p.id AS profile_id, p.tenant_id, p.is_machine, p.active AS profile_active
         FROM machine_keys k JOIN profiles p ON p.id = k.profile_id
        WHERE k.key_prefix = ? AND k.active = 1 AND k.deleted_at IS NULL AND p.deleted_at IS NULL`,
    );
    lookups.set(db, s);
  }
  return s;
}

/** Resolves a key to its machine account, or throws 401 (no/unknown key) or 403 (not a machine). */
export function authenticateKey(db: Database.Database, key: string | null): MachineAccount {
  if (!key) throw new MachineError(401, 'unauthenticated', 'send "Authorization: Bearer <machine key>"', 'Authorization');
  // Every candidate with the prefix is compared, so a prefix collision cannot lock out a key.
  const rows = lookup(db).all(keyPrefix(key)) as KeyRow[];
  const hit = rows.find((r) => keyMatches(key, r.key_hash));
  if (!hit) throw new MachineError(401, 'unauthenticated', 'the machine key is not valid', 'Authorization');
  if (hit.is_machine !== 1) throw new MachineError(403, 'forbidden', 'the key does not belong to a machine account', 'Authorization');
  if (hit.profile_active !== 1) throw new MachineError(403, 'forbidden', 'the machine account is deactivated', 'Authorization');
  return { machine_id: hit.profile_id, tenant_id: hit.tenant_id };
}

/** Extracts the key from an `Authorization: Bearer …` header. */
export function bearerKey(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
  if (!m) throw new MachineError(401, 'unauthenticated', 'expected "Bearer <machine key>"', 'Authorization');
  return m[1]!;
}

/** Local tables whose pulled changes can revoke a key: the key rows and the accounts they belong to. */
export const KEY_TABLES: readonly string[] = ['machine_keys', 'profiles'];

interface CachedKey {
  hash: string;
  account: MachineAccount;
  until: number;
}

/**
 * A short-lived cache of verified keys, so a machine posting hundreds of counts a second does not
 * pay a store lookup per request. Like the store, it is looked up by the key's public prefix and
 * matched by a constant-time compare of the full hash (the raw secret is never kept). An entry
 * lives `ttlMs`; `clear()` drops them all, which the service does whenever a pull changes the key
 * or account tables, so a revocation takes effect at the next request rather than after the TTL.
 */
export class KeyCache {
  private readonly entries = new Map<string, CachedKey[]>();
  private size = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly ttlMs = 5000,
    private readonly max = 1000,
  ) {}

  authenticate(key: string | null): MachineAccount {
    if (!key) return authenticateKey(this.db, key);
    const prefix = keyPrefix(key);
    const now = performance.now();
    const hit = this.entries.get(prefix)?.find((e) => keyMatches(key, e.hash));
    if (hit && hit.until > now) return hit.account;
    const account = authenticateKey(this.db, key); // throws for a bad key: refusals are never cached
    if (this.size >= this.max) this.clear();
    const list = (this.entries.get(prefix) ?? []).filter((e) => e !== hit);
    list.push({ hash: hashKey(key), account, until: now + this.ttlMs });
    this.entries.set(prefix, list);
    if (!hit) this.size++;
    return account;
  }

  /** Forgets every verified key (a pull changed the keys or the accounts). */
  clear(): void {
    this.entries.clear();
    this.size = 0;
  }
}
