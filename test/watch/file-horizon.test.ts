import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareMarks, markFile, readsAsLines, type FileMark } from '../../src/watch/file-horizon.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();

function file(name: string, content: string | Buffer): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

describe('markFile', () => {
  it('puts the horizon of a lines file just after its last line break', async () => {
    const text = '{"a":1}\n{"b":2}\n{"c":';
    const path = file('s.jsonl', text);
    const info = statSync(path);
    expect(await markFile(path)).toEqual({ dev: info.dev, ino: info.ino, horizon: text.lastIndexOf('\n') + 1, mtimeMs: info.mtimeMs });
  });

  it('counts the unterminated last line too when asked for the whole file', async () => {
    const text = '{"a":1}\n{"c":3}';
    expect((await markFile(file('s.jsonl', text), true))?.horizon).toBe(Buffer.byteLength(text));
  });

  it('gives 0 for a lines file with no complete line, and for an empty one', async () => {
    expect((await markFile(file('torn.jsonl', '{"a":')))?.horizon).toBe(0);
    expect((await markFile(file('empty.jsonl', '')))?.horizon).toBe(0);
  });

  it('finds the last line break far before the end (more than one read back)', async () => {
    const head = '{"a":1}\n';
    const tail = 'x'.repeat(200 * 1024);
    expect((await markFile(file('long.jsonl', head + tail)))?.horizon).toBe(head.length);
  });

  it('counts bytes, not characters', async () => {
    const line = '{"t":"é漢字"}\n';
    expect((await markFile(file('utf8.jsonl', `${line}{"t":"ü`)))?.horizon).toBe(Buffer.byteLength(line));
  });

  it('takes a document (JSON, SQLite) whole, as it is rewritten rather than appended to', async () => {
    const text = '{\n  "messages": [\n';
    expect(readsAsLines('/x/session.json')).toBe(false);
    expect(readsAsLines('/x/store.db')).toBe(false);
    expect(readsAsLines('/x/rollout.jsonl')).toBe(true);
    expect((await markFile(file('session.json', text)))?.horizon).toBe(text.length);
  });

  it('is undefined for a file that is gone and for a folder', async () => {
    const dir = tempDir();
    expect(await markFile(join(dir, 'missing.jsonl'))).toBeUndefined();
    mkdirSync(join(dir, 'folder.jsonl'));
    expect(await markFile(join(dir, 'folder.jsonl'))).toBeUndefined();
  });
});

describe('compareMarks', () => {
  const mark = (over: Partial<FileMark> = {}): FileMark => ({ dev: 1, ino: 10, horizon: 100, mtimeMs: 5000, ...over });
  const lines = '/x/s.jsonl';
  const doc = '/x/session.json';

  it('a file not seen before has grown', () => {
    expect(compareMarks(lines, undefined, mark())).toBe('grown');
  });

  it('another inode or device is a replaced file, whatever its size', () => {
    expect(compareMarks(lines, mark(), mark({ ino: 11, horizon: 500 }))).toBe('replaced');
    expect(compareMarks(lines, mark(), mark({ dev: 2 }))).toBe('replaced');
  });

  it('a lower horizon is a cut, a higher one growth', () => {
    expect(compareMarks(lines, mark(), mark({ horizon: 40 }))).toBe('truncated');
    expect(compareMarks(lines, mark(), mark({ horizon: 140 }))).toBe('grown');
  });

  it('a lines file touched without a new complete line is the same; a document touched is rewritten', () => {
    expect(compareMarks(lines, mark(), mark({ mtimeMs: 9000 }))).toBe('same');
    expect(compareMarks(doc, mark(), mark({ mtimeMs: 9000 }))).toBe('rewritten');
    expect(compareMarks(doc, mark(), mark())).toBe('same');
  });

  it('tells a real replacement (rename over the file) from growth', async () => {
    const dir = tempDir();
    const path = join(dir, 's.jsonl');
    writeFileSync(path, '{"a":1}\n');
    const before = (await markFile(path))!;
    writeFileSync(join(dir, 'next'), '{"a":1}\n{"b":2}\n');
    renameSync(join(dir, 'next'), path);
    expect(compareMarks(path, before, (await markFile(path))!)).toBe('replaced');
  });
});
