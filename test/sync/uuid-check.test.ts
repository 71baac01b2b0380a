// sync_is_uuid (031: LIKE + the uuid type's input function) must answer exactly as the regular
// expression it replaced (022) on every input a terminal could send: canonical ids of either case
// and the forms Postgres's uuid input also accepts or nearly accepts (braces, missing or moved
// hyphens, whitespace, wrong length, non-hex and non-ASCII characters). A wrong "yes" would let a
// bad id reach a ::uuid cast; a wrong "no" would reject a good event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const REGEX_022 = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const ID = '0190a5c2-7d3e-7b21-9f00-1a2b3c4d5e6f';

const inputs = [
  ID,
  ID.toUpperCase(),
  'A0EEBC99-9c0b-4EF8-bb6d-6BB9BD380A11',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  `{${ID}}`,
  ID.replaceAll('-', ''),
  `{${ID.replaceAll('-', '')}}`,
  '0190a5c27d3e-7b21-9f00-1a2b3c4d5e6f-',
  '0190-a5c2-7d3e-7b21-9f00-1a2b-3c4d5e6f',
  '0190a5c2-7d3e7b21-9f00-1a2b-3c4d5e6f',
  '0190a5c2-7d3e-7b21-9f00-1a2b3c4d5e6',
  `${ID}0`,
  ` ${ID}`,
  `${ID} `,
  `${ID}\n`,
  `\n${ID}`,
  ID.slice(0, 35) + ' ',
  ID.slice(0, 35) + 'g',
  'g' + ID.slice(1),
  ID.slice(0, 35) + 'é',
  ID.slice(0, 35) + '٣', // an Arabic-Indic digit
  ID.slice(0, 35) + 'Ｆ', // a fullwidth F
  ID.slice(0, 8) + '_' + ID.slice(9),
  ID.slice(0, 8) + '%' + ID.slice(9),
  '--------------------------------' + '----',
  '________-____-____-____-____________',
  '{0190a5c2-7d3e-7b21-9f00-1a2b3c4d5e}',
  '0190a5c2-7d3e-7b21-9f00-{a2b3c4d5e6}',
  '',
  'null',
];

describe('sync_is_uuid', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('answers as the 022 regular expression on canonical, near-canonical and hostile inputs', async () => {
    // The check under test is 031's (this server is PostgreSQL 16 or newer), not 022's fallback.
    const def = await db.pool.query<{ src: string; v: number }>(
      "SELECT prosrc AS src, current_setting('server_version_num')::int AS v FROM pg_proc WHERE proname = 'sync_is_uuid'",
    );
    expect(def.rows[0]!.v).toBeGreaterThanOrEqual(160000);
    expect(def.rows[0]!.src).toContain('pg_input_is_valid');
    const rows = await db.pool.query<{ t: string; ours: boolean; regex: boolean }>(
      'SELECT t, sync_is_uuid(t) AS ours, t IS NOT NULL AND t ~* $2 AS regex FROM unnest($1::text[]) AS t',
      [inputs, REGEX_022],
    );
    expect(rows.rows).toHaveLength(inputs.length);
    for (const r of rows.rows) expect({ t: r.t, ok: r.ours }).toEqual({ t: r.t, ok: r.regex });
    expect(rows.rows.filter((r) => r.ours).map((r) => r.t)).toEqual([inputs[0], inputs[1], inputs[2], inputs[3], inputs[4]]);
    const nul = await db.pool.query<{ ours: boolean }>('SELECT sync_is_uuid(NULL) AS ours');
    expect(nul.rows[0]!.ours).toBe(false);
  });

  it('agrees on random mutations of a canonical id', async () => {
    const alphabet = '0123456789abcdefABCDEFg-{} \n_%xé';
    const mutated: string[] = [];
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      const chars = [...ID];
      const op = rnd(3);
      const at = rnd(chars.length + 1);
      const ch = alphabet[rnd(alphabet.length)]!;
      if (op === 0) chars[Math.min(at, chars.length - 1)] = ch;
      else if (op === 1) chars.splice(at, 0, ch);
      else chars.splice(Math.min(at, chars.length - 1), 1);
      mutated.push(chars.join(''));
    }
    const rows = await db.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM unnest($1::text[]) AS t WHERE sync_is_uuid(t) IS DISTINCT FROM (t ~* $2)',
      [mutated, REGEX_022],
    );
    expect(Number(rows.rows[0]!.n)).toBe(0);
  });
});
