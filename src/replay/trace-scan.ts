/**
 * A check of one OTLP/JSON line in its bytes, without building objects: the
 * line is proven to be well-formed JSON (the grammar `JSON.parse` accepts,
 * given valid UTF-8, which the caller checks), an object whose
 * `resourceSpans` is an array, and its spans are counted exactly as
 * `countSpans` counts them on the parsed value
 * (`resourceSpans[]` objects, their `scopeSpans` array, its objects, their
 * `spans` array: every element of it).
 *
 * When it cannot prove all of that it answers undefined, and the caller
 * parses the line: then the parse tells why a line is not trace data, or gets
 * right what the scan leaves alone (a key written with escapes, a key that
 * appears twice in one object, where the parse keeps the last value).
 */

import { skipNumber, skipSpace, skipString, skipWord } from './json-tokens.js';

export interface TraceScan {
  spans: number;
  /** The bytes between the `[` and the `]` of the `resourceSpans` array. */
  innerStart: number;
  innerEnd: number;
}

// What the value about to be read is, for the count.
const OTHER = 0;
const ROOT = 1; // the line itself
const RS_VALUE = 2; // the root's resourceSpans value (must be an array)
const RS_ELEMENT = 3; // an element of resourceSpans (counts when an object)
const SS_VALUE = 4; // a resource's scopeSpans value (counts when an array)
const SS_ELEMENT = 5; // an element of scopeSpans (counts when an object)
const SPANS_VALUE = 6; // a scope's spans value (counts when an array)
const SPAN = 7; // an element of spans: one span, whatever it holds

// What the container being read is, for the count.
const C_OTHER = 0;
const C_ROOT = 1; // object: the line
const C_RS = 2; // array: resourceSpans
const C_RS_ITEM = 3; // object: one resource
const C_SS = 4; // array: scopeSpans
const C_SS_ITEM = 5; // object: one scope
const C_SPANS = 6; // array: spans

const KEY_RESOURCE_SPANS = bytesOf('resourceSpans');
const KEY_SCOPE_SPANS = bytesOf('scopeSpans');
const KEY_SPANS = bytesOf('spans');

function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Role of an array's elements, by the array's container role. */
function elementRole(container: number): number {
  if (container === C_RS) return RS_ELEMENT;
  if (container === C_SS) return SS_ELEMENT;
  if (container === C_SPANS) return SPAN;
  return OTHER;
}

function keyIs(b: Uint8Array, start: number, end: number, key: Uint8Array): boolean {
  if (end - start !== key.length) return false;
  for (let k = 0; k < key.length; k++) if (b[start + k] !== key[k]) return false;
  return true;
}

/** The key an object of this container role cares about, if any. */
function watchedKey(container: number): Uint8Array | undefined {
  if (container === C_ROOT) return KEY_RESOURCE_SPANS;
  if (container === C_RS_ITEM) return KEY_SCOPE_SPANS;
  if (container === C_SS_ITEM) return KEY_SPANS;
  return undefined;
}

/** Role of the value of the watched key of an object of this container role. */
function watchedValueRole(container: number): number {
  if (container === C_ROOT) return RS_VALUE;
  if (container === C_RS_ITEM) return SS_VALUE;
  return SPANS_VALUE;
}

/** Container role of an object that is a value of `role`. */
function objectRole(role: number): number {
  if (role === ROOT) return C_ROOT;
  if (role === RS_ELEMENT) return C_RS_ITEM;
  if (role === SS_ELEMENT) return C_SS_ITEM;
  return C_OTHER;
}

/** Container role of an array that is a value of `role`. */
function arrayRole(role: number): number {
  if (role === RS_VALUE) return C_RS;
  if (role === SS_VALUE) return C_SS;
  if (role === SPANS_VALUE) return C_SPANS;
  return C_OTHER;
}

/** Deeper than this, the scan gives up and the parse decides (the scan recurses). */
const MAX_DEPTH = 512;

/** What one scan found so far. */
interface Found {
  spans: number;
  innerStart: number;
  innerEnd: number;
}

function space(b: Uint8Array, i: number, n: number): number {
  return b[i]! <= 0x20 ? skipSpace(b, i, n) : i;
}

/** Index after the value at `i` (no space before it); -1 when it is not proven. */
function scanValue(b: Uint8Array, i: number, n: number, role: number, depth: number, found: Found): number {
  if (i >= n) return -1;
  const c = b[i]!;
  if (role === SPAN) found.spans++;
  if (c === 0x22) return role === RS_VALUE ? -1 : skipString(b, i + 1, n);
  if (c === 0x7b) return role === RS_VALUE || depth >= MAX_DEPTH ? -1 : scanObject(b, i + 1, n, objectRole(role), depth + 1, found);
  if (c === 0x5b) return depth >= MAX_DEPTH ? -1 : scanArray(b, i + 1, n, arrayRole(role), depth + 1, found);
  if (role === RS_VALUE) return -1; // resourceSpans is not an array
  if (c === 0x74) return skipWord(b, i, n, 'true');
  if (c === 0x66) return skipWord(b, i, n, 'false');
  if (c === 0x6e) return skipWord(b, i, n, 'null');
  return skipNumber(b, i, n);
}

/** Index after the object whose `{` is at `i - 1`. */
function scanObject(b: Uint8Array, i: number, n: number, container: number, depth: number, found: Found): number {
  i = space(b, i, n);
  if (b[i] === 0x7d) return i + 1;
  const watched = watchedKey(container);
  let seen = false;
  for (;;) {
    if (b[i] !== 0x22) return -1;
    const keyStart = i + 1;
    i = skipString(b, keyStart, n);
    if (i < 0) return -1;
    let role = OTHER;
    if (watched) {
      const keyEnd = i - 1;
      // A key written with escapes might spell the watched one: the parse decides.
      for (let k = keyStart; k < keyEnd; k++) if (b[k] === 0x5c) return -1;
      if (keyIs(b, keyStart, keyEnd, watched)) {
        if (seen) return -1; // twice in one object: the parse keeps the last one
        seen = true;
        role = watchedValueRole(container);
      }
    }
    i = space(b, i, n);
    if (b[i] !== 0x3a) return -1;
    i = scanValue(b, space(b, i + 1, n), n, role, depth, found);
    if (i < 0) return -1;
    i = space(b, i, n);
    const c = b[i];
    if (c === 0x2c) i = space(b, i + 1, n);
    else if (c === 0x7d) return i + 1;
    else return -1;
  }
}

/** Index after the array whose `[` is at `i - 1`. */
function scanArray(b: Uint8Array, i: number, n: number, container: number, depth: number, found: Found): number {
  i = space(b, i, n);
  if (container === C_RS) found.innerStart = i;
  if (b[i] === 0x5d) {
    if (container === C_RS) found.innerEnd = i;
    return i + 1;
  }
  const role = elementRole(container);
  for (;;) {
    i = scanValue(b, i, n, role, depth, found);
    if (i < 0) return -1;
    i = space(b, i, n);
    const c = b[i];
    if (c === 0x2c) {
      i = space(b, i + 1, n);
    } else if (c === 0x5d) {
      if (container === C_RS) found.innerEnd = i;
      return i + 1;
    } else {
      return -1;
    }
  }
}

/** Scans one line's bytes; undefined when the line is not proven to be trace data (parse it to know more). */
export function scanTraceLine(b: Uint8Array): TraceScan | undefined {
  const n = b.length;
  const i = skipSpace(b, 0, n);
  if (b[i] !== 0x7b) return undefined; // not an object: the parse says what it is
  const found: Found = { spans: 0, innerStart: -1, innerEnd: -1 };
  const end = scanObject(b, i + 1, n, C_ROOT, 1, found);
  if (end < 0 || skipSpace(b, end, n) !== n || found.innerStart < 0) return undefined;
  return found;
}
