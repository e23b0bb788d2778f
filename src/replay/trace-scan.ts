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

// Containers on the stack: role * 4 + (2 when its key was seen) + (1 for an array).
const ARRAY = 1;
const SEEN = 2;
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

// Expecting: a value, a key (or the end of an empty object), what follows a value.
const VALUE = 0;
const KEY = 1;
const AFTER = 2;

/** Role of an array's elements, by the array's container role. */
function elementRole(container: number): number {
  if (container === C_RS) return RS_ELEMENT;
  if (container === C_SS) return SS_ELEMENT;
  if (container === C_SPANS) return SPAN;
  return OTHER;
}

function skipSpace(b: Uint8Array, i: number, n: number): number {
  while (i < n) {
    const c = b[i]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** Index after the string whose opening quote is at `i - 1`; -1 when it is not a valid JSON string. */
function skipString(b: Uint8Array, i: number, n: number): number {
  while (i < n) {
    const c = b[i]!;
    if (c === 0x22) return i + 1;
    if (c === 0x5c) {
      const e = b[i + 1];
      if (e === 0x75) {
        if (i + 5 >= n || !isHex(b[i + 2]!) || !isHex(b[i + 3]!) || !isHex(b[i + 4]!) || !isHex(b[i + 5]!)) return -1;
        i += 6;
      } else if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        i += 2;
      } else {
        return -1;
      }
    } else if (c < 0x20) {
      return -1;
    } else {
      i++;
    }
  }
  return -1;
}

function skipDigits(b: Uint8Array, i: number, n: number): number {
  while (i < n && b[i]! >= 0x30 && b[i]! <= 0x39) i++;
  return i;
}

/** Index after the number starting at `i`; -1 when it is not a JSON number. */
function skipNumber(b: Uint8Array, i: number, n: number): number {
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) i++;
  else if (i < n && b[i]! >= 0x31 && b[i]! <= 0x39) i = skipDigits(b, i + 1, n);
  else return -1;
  if (b[i] === 0x2e) {
    const from = i + 1;
    i = skipDigits(b, from, n);
    if (i === from) return -1;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    const from = i;
    i = skipDigits(b, from, n);
    if (i === from) return -1;
  }
  return i;
}

/** Index after `word` when it is at `i`, else -1. */
function skipWord(b: Uint8Array, i: number, n: number, word: string): number {
  if (i + word.length > n) return -1;
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return -1;
  return i + word.length;
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

/** Scans one line's bytes; undefined when the line is not proven to be trace data (parse it to know more). */
export function scanTraceLine(b: Uint8Array): TraceScan | undefined {
  const n = b.length;
  const stack: number[] = [];
  let spans = 0;
  let innerStart = -1;
  let innerEnd = -1;
  let state = VALUE;
  let role = ROOT;
  let i = skipSpace(b, 0, n);
  if (b[i] !== 0x7b) return undefined; // not an object: the parse says what it is
  for (;;) {
    if (state === VALUE) {
      i = skipSpace(b, i, n);
      if (i >= n) return undefined;
      const c = b[i]!;
      if (role === SPAN) spans++;
      if (c === 0x7b) {
        if (role === RS_VALUE) return undefined; // resourceSpans is not an array
        stack.push(objectRole(role) * 4);
        i++;
        state = KEY;
      } else if (c === 0x5b) {
        const container = arrayRole(role);
        stack.push(container * 4 + ARRAY);
        i = skipSpace(b, i + 1, n);
        if (container === C_RS) innerStart = i;
        if (b[i] === 0x5d) state = AFTER; // empty: the `]` is taken below
        else role = elementRole(container);
      } else {
        if (role === RS_VALUE) return undefined; // resourceSpans is not an array
        if (c === 0x22) i = skipString(b, i + 1, n);
        else if (c === 0x74) i = skipWord(b, i, n, 'true');
        else if (c === 0x66) i = skipWord(b, i, n, 'false');
        else if (c === 0x6e) i = skipWord(b, i, n, 'null');
        else i = skipNumber(b, i, n);
        if (i < 0) return undefined;
        state = AFTER;
      }
    } else if (state === KEY) {
      i = skipSpace(b, i, n);
      const top = stack[stack.length - 1]!;
      if (b[i] === 0x7d) {
        stack.pop();
        i++;
        state = AFTER;
        if (stack.length === 0) break;
        continue;
      }
      if (b[i] !== 0x22) return undefined;
      const keyStart = i + 1;
      i = skipString(b, keyStart, n);
      if (i < 0) return undefined;
      const keyEnd = i - 1;
      const container = top >> 2;
      const watched = watchedKey(container);
      role = OTHER;
      if (watched) {
        // A key written with escapes might spell the watched one: the parse decides.
        for (let k = keyStart; k < keyEnd; k++) if (b[k] === 0x5c) return undefined;
        if (keyIs(b, keyStart, keyEnd, watched)) {
          if (top & SEEN) return undefined; // twice in one object: the parse keeps the last one
          stack[stack.length - 1] = top | SEEN;
          role = watchedValueRole(container);
        }
      }
      i = skipSpace(b, i, n);
      if (b[i] !== 0x3a) return undefined;
      i++;
      state = VALUE;
    } else {
      i = skipSpace(b, i, n);
      const top = stack[stack.length - 1]!;
      const c = b[i];
      if (c === 0x2c) {
        i++;
        if (top & ARRAY) {
          role = elementRole(top >> 2);
          state = VALUE;
        } else {
          state = KEY;
          // `{"a":1,}` is not JSON: a key must follow.
          i = skipSpace(b, i, n);
          if (b[i] !== 0x22) return undefined;
        }
      } else if (c === 0x5d && top & ARRAY) {
        if (top >> 2 === C_RS) innerEnd = i;
        stack.pop();
        i++;
      } else if (c === 0x7d && !(top & ARRAY)) {
        stack.pop();
        i++;
      } else {
        return undefined;
      }
      if (stack.length === 0) break;
    }
  }
  if (skipSpace(b, i, n) !== n || innerStart < 0) return undefined;
  return { spans, innerStart, innerEnd };
}
