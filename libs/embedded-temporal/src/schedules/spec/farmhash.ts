/**
 * FarmHash `Fingerprint32` (the "mk" 32-bit variant), written from the published algorithm. The real
 * server hashes each nominal time with it to derive jitter, so the same hash gives the same jitter here.
 * All arithmetic is unsigned 32-bit: `Math.imul` for products, `>>> 0` to drop the sign.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function rotateRight(value: number, bits: number): number {
  return ((value >>> bits) | (value << (32 - bits))) >>> 0;
}

function fetch32(bytes: Uint8Array, index: number): number {
  return (
    (bytes[index]! | (bytes[index + 1]! << 8) | (bytes[index + 2]! << 16) | (bytes[index + 3]! << 24)) >>> 0
  );
}

/** Murmur3's final avalanche. */
function finalMix(hash: number): number {
  let h = hash >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Murmur3's step combining a 32-bit value into a running hash. */
function mur(value: number, hash: number): number {
  let a = Math.imul(value, C1) >>> 0;
  a = rotateRight(a, 17);
  a = Math.imul(a, C2) >>> 0;
  let h = (hash ^ a) >>> 0;
  h = rotateRight(h, 19);
  return (Math.imul(h, 5) + 0xe6546b64) >>> 0;
}

function hashUpTo4(bytes: Uint8Array, seed: number): number {
  let b = seed >>> 0;
  let c = 9;
  for (const byte of bytes) {
    const signed = (byte << 24) >> 24; // the reference reads bytes as signed chars
    b = (Math.imul(b, C1) + signed) >>> 0;
    c = (c ^ b) >>> 0;
  }
  return finalMix(mur(b, mur(bytes.length, c)));
}

function hash5To12(bytes: Uint8Array, seed: number): number {
  const length = bytes.length;
  let a = length >>> 0;
  let b = (length * 5) >>> 0;
  let c = 9;
  const d = (b + seed) >>> 0;
  a = (a + fetch32(bytes, 0)) >>> 0;
  b = (b + fetch32(bytes, length - 4)) >>> 0;
  c = (c + fetch32(bytes, (length >>> 1) & 4)) >>> 0;
  return finalMix((seed ^ mur(c, mur(b, mur(a, d)))) >>> 0);
}

function hash13To24(bytes: Uint8Array, seed: number): number {
  const length = bytes.length;
  let a = fetch32(bytes, (length >>> 1) - 4);
  const b = fetch32(bytes, 4);
  const c = fetch32(bytes, length - 8);
  const d = fetch32(bytes, length >>> 1);
  const e = fetch32(bytes, 0);
  const f = fetch32(bytes, length - 4);
  let h = (Math.imul(d, C1) + length + seed) >>> 0;
  a = (rotateRight(a, 12) + f) >>> 0;
  h = (mur(c, h) + a) >>> 0;
  a = (rotateRight(a, 3) + c) >>> 0;
  h = (mur(e, h) + a) >>> 0;
  a = (rotateRight((a + f) >>> 0, 12) + d) >>> 0;
  h = (mur((b ^ seed) >>> 0, h) + a) >>> 0;
  return finalMix(h);
}

/** Mixes one 32-bit word the way the long-input loop prepares its tail words. */
function scramble(word: number): number {
  return Math.imul(rotateRight(Math.imul(word, C1) >>> 0, 17), C2) >>> 0;
}

function step(hash: number, word: number): number {
  return (Math.imul(rotateRight((hash ^ word) >>> 0, 19), 5) + 0xe6546b64) >>> 0;
}

export function fingerprint32(bytes: Uint8Array): number {
  const length = bytes.length;
  if (length <= 4) return hashUpTo4(bytes, 0);
  if (length <= 12) return hash5To12(bytes, 0);
  if (length <= 24) return hash13To24(bytes, 0);

  let h = length >>> 0;
  let g = Math.imul(C1, length) >>> 0;
  let f = g;
  const a0 = scramble(fetch32(bytes, length - 4));
  const a1 = scramble(fetch32(bytes, length - 8));
  const a2 = scramble(fetch32(bytes, length - 16));
  const a3 = scramble(fetch32(bytes, length - 12));
  const a4 = scramble(fetch32(bytes, length - 20));
  h = step(h, a0);
  h = step(h, a2);
  g = step(g, a1);
  g = step(g, a3);
  f = (f + a4) >>> 0;
  f = (rotateRight(f, 19) + 113) >>> 0;

  let offset = 0;
  while (length - offset > 20) {
    const a = fetch32(bytes, offset);
    const b = fetch32(bytes, offset + 4);
    const c = fetch32(bytes, offset + 8);
    const d = fetch32(bytes, offset + 12);
    const e = fetch32(bytes, offset + 16);
    h = (h + a) >>> 0;
    g = (g + b) >>> 0;
    f = (f + c) >>> 0;
    h = (mur(d, h) + e) >>> 0;
    g = (mur(c, g) + a) >>> 0;
    f = (mur((b + Math.imul(e, C1)) >>> 0, f) + d) >>> 0;
    f = (f + g) >>> 0;
    g = (g + f) >>> 0;
    offset += 20;
  }

  g = Math.imul(rotateRight(g, 11), C1) >>> 0;
  g = Math.imul(rotateRight(g, 17), C1) >>> 0;
  f = Math.imul(rotateRight(f, 11), C1) >>> 0;
  f = Math.imul(rotateRight(f, 17), C1) >>> 0;
  h = rotateRight((h + g) >>> 0, 19);
  h = (Math.imul(h, 5) + 0xe6546b64) >>> 0;
  h = Math.imul(rotateRight(h, 17), C1) >>> 0;
  h = rotateRight((h + f) >>> 0, 19);
  h = (Math.imul(h, 5) + 0xe6546b64) >>> 0;
  h = Math.imul(rotateRight(h, 17), C1) >>> 0;
  return h;
}
