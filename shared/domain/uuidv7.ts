// UUIDv7 (RFC 9562): time-ordered ids minted on the terminal, so ids sort by creation and the
// central primary-key index stays append-mostly. Uses the Web Crypto global present in Node and
// browsers alike, which keeps shared/ free of Node imports. Ids are minted for every event (several
// per machine count), so the random bytes are drawn from the CSPRNG in blocks (as Node's own
// randomUUID does) and the text is built from a byte-to-hex table rather than BigInt arithmetic.
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const POOL_IDS = 256;
const pool = new Uint8Array(16 * POOL_IDS);
let poolAt = pool.length;

export function uuidv7(nowMs: number = Date.now()): string {
  if (poolAt === pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolAt = 0;
  }
  const r = pool.subarray(poolAt, poolAt + 16);
  poolAt += 16;
  // 48-bit big-endian milliseconds in bytes 0-5 (exact in a double up to 2^53).
  const ms = Math.max(0, Math.floor(nowMs));
  const hi = Math.floor(ms / 0x1_0000_0000) & 0xffff;
  const lo = ms % 0x1_0000_0000;
  r[0] = hi >>> 8;
  r[1] = hi & 0xff;
  r[2] = lo >>> 24;
  r[3] = (lo >>> 16) & 0xff;
  r[4] = (lo >>> 8) & 0xff;
  r[5] = lo & 0xff;
  r[6] = (r[6]! & 0x0f) | 0x70;
  r[8] = (r[8]! & 0x3f) | 0x80;
  const h = (i: number) => HEX[r[i]!]!;
  return (
    h(0) + h(1) + h(2) + h(3) + '-' + h(4) + h(5) + '-' + h(6) + h(7) + '-' + h(8) + h(9) + '-' +
    h(10) + h(11) + h(12) + h(13) + h(14) + h(15)
  );
}
