/**
 * JSON tokens in UTF-8 bytes, as `JSON.parse` reads them: each function takes
 * the index where a token starts (a string: just after its opening quote) and
 * gives the index just after it, or -1 when the bytes are not that token.
 */

/** Index of the first byte at or after `i` that is not JSON whitespace. */
export function skipSpace(b: Uint8Array, i: number, n: number): number {
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
export function skipString(b: Uint8Array, i: number, n: number): number {
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
export function skipNumber(b: Uint8Array, i: number, n: number): number {
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
export function skipWord(b: Uint8Array, i: number, n: number, word: string): number {
  if (i + word.length > n) return -1;
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return -1;
  return i + word.length;
}
