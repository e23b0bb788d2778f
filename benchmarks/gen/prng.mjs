/**
 * A small seeded PRNG (mulberry32) and the ids agents write, so that the same
 * seed always produces the same bytes. Not for anything but test data.
 */

/** FNV-1a over a string: a 32-bit seed from a text key (e.g. `${seed}:${session}`). */
export function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  constructor(seed) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next() {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p) {
    return this.next() < p;
  }

  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }

  /** Picks from `[[value, weight], ...]`. */
  weighted(table) {
    let total = 0;
    for (const [, w] of table) total += w;
    let r = this.next() * total;
    for (const [value, w] of table) {
      r -= w;
      if (r < 0) return value;
    }
    return table[table.length - 1][0];
  }

  /** A heavy-tailed size: mostly near `typical`, sometimes up to `max` (log-uniform above typical). */
  size(min, typical, max) {
    if (this.chance(0.85)) return this.int(min, typical);
    return Math.round(typical * Math.exp(this.next() * Math.log(max / typical)));
  }

  hex(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += HEX[Math.floor(this.next() * 16)];
    return s;
  }

  base62(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += B62[Math.floor(this.next() * 62)];
    return s;
  }

  uuid() {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[this.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20)}`;
  }

  /** A UUIDv7-looking id (Codex thread ids), its time prefix taken from `ms`. */
  uuid7(ms) {
    const t = Math.floor(ms).toString(16).padStart(12, '0');
    const h = this.hex(20);
    return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${h.slice(0, 3)}-${'89ab'[this.int(0, 3)]}${h.slice(3, 6)}-${h.slice(6, 18)}`;
  }
}

const HEX = '0123456789abcdef';
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
