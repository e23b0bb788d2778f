import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileChunks } from '../../src/core/file-chunks.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();

const openDescriptors = (): number => readdirSync('/proc/self/fd').length;

describe('fileChunks', () => {
  const content = Buffer.from(Array.from({ length: 50_000 }, (_, i) => String.fromCharCode(33 + (i % 90))).join(''));

  it.each([
    [{ chunkBytes: 7 }, 0, content.length],
    [{ chunkBytes: 64 * 1024 }, 0, content.length],
    [{ chunkBytes: 1000, start: 123 }, 123, content.length],
    [{ chunkBytes: 1000, start: 123, end: 4567 }, 123, 4567],
    [{ chunkBytes: 1000, end: 10_000_000 }, 0, content.length],
  ])('gives the bytes between start and end, no chunk over the limit (%j)', (options, from, to) => {
    const file = join(tempDir(), 'data.bin');
    writeFileSync(file, content);
    const chunks = [...fileChunks(file, options)];
    expect(Buffer.concat(chunks).equals(content.subarray(from, to))).toBe(true);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(options.chunkBytes);
  });

  it('reads every chunk into one buffer when asked to reuse it', () => {
    const file = join(tempDir(), 'data.bin');
    writeFileSync(file, content);
    const copies: Buffer[] = [];
    const buffers = new Set<ArrayBufferLike>();
    for (const chunk of fileChunks(file, { chunkBytes: 4096, reuse: true })) {
      copies.push(Buffer.from(chunk));
      buffers.add(chunk.buffer);
    }
    expect(Buffer.concat(copies).equals(content)).toBe(true);
    expect(copies.length).toBe(Math.ceil(content.length / 4096));
    expect(buffers.size).toBe(1);
  });

  it('reads what is appended while it reads, and each chunk keeps its bytes', () => {
    const file = join(tempDir(), 'growing.txt');
    writeFileSync(file, 'a'.repeat(100));
    const seen: Buffer[] = [];
    for (const chunk of fileChunks(file, { chunkBytes: 64 })) {
      seen.push(chunk);
      if (seen.length === 1) appendFileSync(file, 'b'.repeat(100_000));
    }
    expect(Buffer.concat(seen).toString()).toBe('a'.repeat(100) + 'b'.repeat(100_000));
  });

  it('closes the file when the reading is abandoned or the file is missing', () => {
    const file = join(tempDir(), 'data.bin');
    writeFileSync(file, content);
    const before = openDescriptors();
    for (const chunk of fileChunks(file, { chunkBytes: 10 })) {
      expect(openDescriptors()).toBe(before + 1);
      if (chunk.length > 0) break;
    }
    expect(openDescriptors()).toBe(before);
    expect(() => [...fileChunks(join(tempDir(), 'absent'), { chunkBytes: 10 })]).toThrow(/ENOENT/);
    expect(openDescriptors()).toBe(before);
  });
});
