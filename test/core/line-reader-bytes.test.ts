import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLineBytes, readLines, type LineReaderOptions } from '../../src/core/line-reader.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();

async function collect<T>(lines: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const l of lines) out.push(l);
  return out;
}

describe('readLineBytes', () => {
  // CRLF and LF breaks, multi-byte characters across small chunks, a blank line, an overlong line, no final break.
  const content = 'first line\r\n{"é":"日本"}\n\n' + 'x'.repeat(40) + '\nlast 🙂 unterminated';
  const cases: Array<[string, LineReaderOptions]> = [
    ['whole chunks', {}],
    ['3-byte chunks', { highWaterMark: 3 }],
    ['from an offset', { start: 12, startLine: 2, highWaterMark: 5 }],
    ['with a line limit', { maxLineBytes: 30, highWaterMark: 7 }],
  ];

  it.each(cases)('gives the bytes of each line readLines gives the text of (%s)', async (_name, options) => {
    const file = join(tempDir(), 'lines.txt');
    writeFileSync(file, content);
    const texts = await collect(readLines(file, options));
    const bytes = await collect(readLineBytes(file, options));
    expect(bytes).toHaveLength(texts.length);
    bytes.forEach((b, i) => {
      const t = texts[i]!;
      if ('overlong' in t) {
        expect(b).toEqual(t);
        return;
      }
      if ('overlong' in b) throw new Error(`line ${t.line} is overlong only as bytes`);
      const { data, ...rest } = b;
      expect(data.toString('utf8')).toBe(t.text);
      expect(rest).toEqual({ line: t.line, offset: t.offset, bytes: t.bytes, unterminated: t.unterminated });
      // The offsets point at the line in the file.
      expect(Buffer.from(content).subarray(t.offset, t.offset + data.length).equals(data)).toBe(true);
    });
    expect(texts.some((t) => 'text' in t && t.text === 'last 🙂 unterminated' && t.unterminated)).toBe(true);
  });
});
