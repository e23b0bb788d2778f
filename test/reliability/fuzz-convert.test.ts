import { closeSync, cpSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Warning } from '../../src/core/diagnostics.js';
import { PROBE_BYTES, probeFromHead } from '../../src/adapters/probe.js';
import { adapters } from '../../src/adapters/registry.js';
import { JsonlFileExporter } from '../../src/exporters/jsonl/jsonl-file-exporter.js';
import { convert } from '../../src/pipeline/convert.js';
import { decodeJsonlLine } from '../support/spans/otlp-normalize.js';
import { seededRandom } from '../support/fixtures/prng.js';
import { isJsonObject } from '../support/fixtures/sample-sessions.js';
import { SHARED_FIXTURES } from '../support/fixtures/shared-fixtures.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

/**
 * Hostile input: a fuzz corpus made in the test from the project's fixtures
 * (and the shared real ones when present). Every variant converts without a
 * crash or a hang, reports each problem with file and line (a record that
 * cannot be used: exactly once), and converts every good record: the spans of
 * a damaged file are exactly those of the same file with the damaged line left
 * out, converted independently.
 */
const tempDir = useTempDirs();
const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const DEADLINE_MS = 30_000;

interface Converted {
  ids: string[];
  warnings: Warning[];
}

async function convertDir(input: string, out: string, options: { maxLineBytes?: number } = {}): Promise<Converted> {
  const exporter = new JsonlFileExporter({ path: out });
  const warnings: Warning[] = [];
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`convert of ${input} did not finish within ${DEADLINE_MS} ms`)), DEADLINE_MS);
  });
  try {
    await Promise.race([convert({ inputs: [input], exporter, maxLineBytes: options.maxLineBytes, onWarning: (w) => warnings.push(w) }), deadline]);
  } finally {
    clearTimeout(timer);
    await exporter.shutdown();
  }
  let ids: string[] = [];
  try {
    // Every line written must be a valid TracesData.
    ids = readFileSync(out, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .flatMap((l) => decodeJsonlLine(l).map((s) => `${s.traceId}/${s.spanId}`));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return { ids: ids.sort(), warnings };
}

// --- the corpus ------------------------------------------------------------------

const random = seededRandom(0x9e3779b9);

function randomBytes(n: number, avoidNewline = true): Buffer {
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    let b = Math.floor(random() * 256);
    if (avoidNewline && (b === 0x0a || b === 0x0d)) b = 0xfe;
    bytes[i] = b;
  }
  bytes[0] = 0xff; // never valid JSON
  return bytes;
}

const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** Damage that leaves a line unusable: the line must be reported, everything else converted. */
const LINE_DAMAGE: Record<string, (line: string) => Buffer> = {
  truncated: (line) => Buffer.from(line.slice(0, Math.max(1, Math.floor(line.length / 2)))),
  'random bytes': () => randomBytes(300),
  'deep array (100k levels)': () => Buffer.from(deepArray(100_000)),
  'deep object (100k levels)': () => Buffer.from(deepObject(100_000)),
  'binary with NUL': () => Buffer.concat([Buffer.from([0]), randomBytes(64)]),
};

/** Damage that keeps the line valid JSON with odd values: no crash, the other lines still converted. */
function mapLeaves(value: unknown, leaf: (v: unknown, key: string) => unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => mapLeaves(v, leaf, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapLeaves(v, leaf, k)]));
  }
  return leaf(value, key);
}
const VALUE_DAMAGE: Record<string, (record: unknown) => string> = {
  'nulls everywhere': (r) => JSON.stringify(mapLeaves(r, () => null)),
  'wrong types': (r) =>
    JSON.stringify(mapLeaves(r, (v) => (typeof v === 'string' ? 12345 : typeof v === 'number' ? String(v) : typeof v === 'boolean' ? 'yes' : v))),
  'huge numbers': (r) => JSON.stringify(mapLeaves(r, (v) => (typeof v === 'number' ? 1e308 * (v < 0 ? -1 : 1) : v))).replace(/1e\+308/g, '1e999'),
  'objects as arrays': (r) => JSON.stringify(Object.values(r as object)),
};
/** Value damage after which no adapter can use the record: each damaged line is reported once, naming its file and line. */
const UNUSABLE = new Set(['nulls everywhere', 'wrong types', 'objects as arrays']);

interface Target {
  name: string;
  /** The folder copied for each variant (the file's session and its neighbours). */
  root: string;
  /** The JSON Lines file damaged, inside `root`. */
  file: string;
}

function jsonlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return jsonlFiles(path);
    return e.name.endsWith('.jsonl') ? [path] : [];
  });
}

function records(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

/** The largest JSON Lines file of each format of the project's fixtures, and of each agent of the shared real ones. */
function targets(): Target[] {
  const out: Target[] = [];
  const pick = (name: string, root: string, files: string[]) => {
    const usable = files.filter((f) => records(f).length >= 4);
    const file = usable.sort((a, b) => statSync(b).size - statSync(a).size)[0];
    if (file) out.push({ name, root, file });
  };
  for (const format of readdirSync(FIXTURES)) pick(format, join(FIXTURES, format), jsonlFiles(join(FIXTURES, format)));
  const real = join(SHARED_FIXTURES, 'real');
  let realAgents: string[] = [];
  try {
    realAgents = readdirSync(real, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    if (process.env.CI) throw new Error(`shared fixtures not found at ${real} (required when CI is set)`);
    console.warn(`shared fixtures not found at ${real}; fuzzing the project's own fixtures only`);
  }
  for (const agent of realAgents) {
    // Only files some adapter reads: a format nobody reads yet has no records to damage (it is reported `unrecognized`).
    const files = jsonlFiles(join(real, agent)).filter((f) => statSync(f).size < 2_000_000 && isRead(f));
    const file = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
    if (file) out.push({ name: `real ${agent}`, root: dirname(file), file });
  }
  return out;
}

/** Whether an adapter recognises the file, from its head as convert probes it. */
function isRead(file: string): boolean {
  const text = readFileSync(file, 'utf8');
  const probe = probeFromHead(file, text.slice(0, PROBE_BYTES), text.length <= PROBE_BYTES);
  return adapters.some((a) => a.detect(probe));
}

/** Copies the target's root, replacing line `index` of its file (0-based among non-blank lines) with `replacement`, or removing it. */
function variant(target: Target, index: number, replacement: Buffer | undefined, tail = false): { dir: string; file: string } {
  return variantOf(target, new Map([[index, replacement]]), tail);
}

/** Copies the target's root, replacing lines of its file (0-based index among non-blank lines -> replacement) or removing them (undefined). */
function variantOf(target: Target, changes: ReadonlyMap<number, Buffer | undefined>, tail = false): { dir: string; file: string } {
  const dir = join(tempDir(), 'in');
  cpSync(target.root, dir, { recursive: true, dereference: true });
  const file = join(dir, relative(target.root, target.file));
  const lines: Buffer[] = records(target.file).flatMap((l, i) => {
    if (!changes.has(i)) return [Buffer.from(l)];
    const replacement = changes.get(i);
    return replacement === undefined ? [] : [replacement];
  });
  const parts: Buffer[] = [];
  lines.forEach((line, i) => parts.push(line, Buffer.from(tail && i === lines.length - 1 ? '' : '\n')));
  writeFileSync(file, Buffer.concat(parts));
  return { dir, file };
}

/**
 * The records damaged together in one file: a quarter, half and three quarters
 * in (never the first two, which open the session and decide the format), valid
 * JSON objects only (some fixtures hold deliberately broken lines).
 */
function damageIndexes(lines: readonly string[]): number[] {
  const picks = [0.25, 0.5, 0.75].map((f) => Math.max(2, Math.floor(lines.length * f)));
  return [...new Set(picks)].filter((i) => i < lines.length && isJsonObject(lines[i]!));
}


const CASES = targets();

describe('fuzz: convert survives damaged lines and still converts every good record', () => {
  it('has a corpus from every fixture format written as JSON Lines', () => {
    // Formats kept as whole JSON documents are damaged in their own tests: OpenCode's storage (a broken part file),
    // Cline's and Roo Code's task folders (element by element); Aider's markdown history has its own fuzz test.
    const notLines = ['aider', 'cline', 'opencode', 'roo-code'];
    const withLines = readdirSync(FIXTURES).filter((format) => jsonlFiles(join(FIXTURES, format)).some((f) => records(f).length >= 4));
    expect(CASES.map((c) => c.name)).toEqual(expect.arrayContaining(withLines));
    expect(withLines.sort()).toEqual(readdirSync(FIXTURES).filter((f) => !notLines.includes(f)).sort());
  });

  describe.each(CASES.map((t) => [t.name, t] as const))('%s', (_name, target) => {
    const count = records(target.file).length;
    const middle = Math.floor(count / 2);

    it.each(Object.keys(LINE_DAMAGE))('%s line', async (kind) => {
      const line = records(target.file)[middle]!;
      const damaged = variant(target, middle, LINE_DAMAGE[kind]!(line));
      const fuzzed = await convertDir(damaged.dir, join(tempDir(), 'fuzzed.jsonl'));
      const clean = variant(target, middle, undefined);
      const expected = await convertDir(clean.dir, join(tempDir(), 'expected.jsonl'));
      expect(fuzzed.ids).toEqual(expected.ids);
      expect(fuzzed.warnings.filter((w) => w.code === 'adapter_error')).toEqual([]);
      const atLine = fuzzed.warnings.filter((w) => w.file === damaged.file && w.line === middle + 1);
      expect(atLine.length, `a warning at ${basename(damaged.file)}:${middle + 1}; got ${JSON.stringify(fuzzed.warnings.slice(0, 5))}`).toBeGreaterThan(0);
    });

    it('torn last line', async () => {
      const last = records(target.file)[count - 1]!;
      const damaged = variant(target, count - 1, LINE_DAMAGE.truncated!(last), true);
      const fuzzed = await convertDir(damaged.dir, join(tempDir(), 'fuzzed.jsonl'));
      const expected = await convertDir(variant(target, count - 1, undefined).dir, join(tempDir(), 'expected.jsonl'));
      expect(fuzzed.ids).toEqual(expected.ids);
      expect(fuzzed.warnings.some((w) => w.code === 'torn_line' && w.file === damaged.file && w.line === count)).toBe(true);
    });

    it.each(Object.keys(VALUE_DAMAGE))('%s', async (kind) => {
      const lines = records(target.file);
      const indexes = damageIndexes(lines);
      expect(indexes.length).toBeGreaterThan(0);
      const damage = VALUE_DAMAGE[kind]!;
      const damaged = variantOf(target, new Map(indexes.map((i) => [i, Buffer.from(damage(JSON.parse(lines[i]!)))])));
      const fuzzed = await convertDir(damaged.dir, join(tempDir(), 'fuzzed.jsonl'));
      const expected = await convertDir(variantOf(target, new Map(indexes.map((i) => [i, undefined]))).dir, join(tempDir(), 'expected.jsonl'));
      expect(fuzzed.warnings.filter((w) => w.code === 'adapter_error')).toEqual([]);
      for (const w of fuzzed.warnings) expect(w.file, JSON.stringify(w)).toBeDefined();
      // Every span of the good records is still there (the damaged record may add its own).
      const missing = expected.ids.filter((id) => !fuzzed.ids.includes(id));
      expect(missing).toEqual([]);
      if (!UNUSABLE.has(kind)) return; // a record with huge numbers may still be usable
      // The damaged lines are known from what was injected here: each has exactly one warning naming its file and line, with a reason.
      const damagedLines = indexes.map((i) => i + 1); // the copy holds the non-blank lines only, one per line
      const atDamaged = damagedLines.map((line) => fuzzed.warnings.filter((w) => w.file === damaged.file && w.line === line));
      expect(atDamaged.map((ws) => ws.length), `warnings at ${basename(damaged.file)}:${damagedLines.join(',')}: ${JSON.stringify(atDamaged)}`).toEqual(
        damagedLines.map(() => 1),
      );
      for (const [w] of atDamaged) {
        expect(w?.code).toMatch(/^[a-z_]+$/);
        expect(w?.message.length).toBeGreaterThan(0);
      }
    });
  });
});

describe('fuzz: hostile files and folders', () => {
  it('skips a binary file, reports a symlink loop, and converts the rest', async () => {
    const target = CASES.find((t) => t.name === 'claude-code') ?? CASES[0]!;
    const dir = join(tempDir(), 'in');
    cpSync(target.root, dir, { recursive: true });
    const expected = await convertDir(dir, join(tempDir(), 'expected.jsonl'));
    writeFileSync(join(dir, 'core.bin'), Buffer.concat([Buffer.from([0, 1, 2]), randomBytes(100_000, false)]));
    writeFileSync(join(dir, 'looks-like-json.jsonl'), Buffer.concat([Buffer.from('{'), randomBytes(50_000, false)]));
    mkdirSync(join(dir, 'nested'));
    await import('node:fs/promises').then((fs) => fs.symlink('..', join(dir, 'nested', 'loop')));
    const fuzzed = await convertDir(dir, join(tempDir(), 'fuzzed.jsonl'));
    expect(fuzzed.ids).toEqual(expected.ids);
    expect(fuzzed.warnings.some((w) => w.code === 'link_loop' && w.file === join(dir, 'nested', 'loop'))).toBe(true);
    expect(fuzzed.warnings.some((w) => w.file === join(dir, 'looks-like-json.jsonl'))).toBe(true);
    expect(fuzzed.warnings.filter((w) => w.code === 'adapter_error')).toEqual([]);
    rmSync(join(dir, 'nested', 'loop'));
  });

  it.each([
    ['truncated', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['random bytes', () => randomBytes(4096, false).toString('latin1')],
    ['deeply nested', () => deepObject(100_000)],
    ['wrong types', () => JSON.stringify({ sessionId: 42, messages: 'none', startTime: { a: 1 }, id: null })],
  ])('a whole-document JSON session file %s is reported by name, the rest still converted', async (_kind, damage) => {
    const documents = readdirSync(FIXTURES).flatMap((format) =>
      readdirSync(join(FIXTURES, format), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.json'))
        .map((e) => ({ format, file: join(e.parentPath, e.name) })),
    );
    expect(documents.length).toBeGreaterThan(0);
    for (const { format, file } of documents.filter((d, i, all) => all.findIndex((x) => x.format === d.format) === i)) {
      const dir = join(tempDir(), format);
      cpSync(join(FIXTURES, format), dir, { recursive: true });
      const copy = join(dir, relative(join(FIXTURES, format), file));
      writeFileSync(copy, damage(readFileSync(file, 'utf8')));
      const fuzzed = await convertDir(dir, join(tempDir(), `${format}-fuzzed.jsonl`));
      expect(fuzzed.warnings.filter((w) => w.code === 'adapter_error'), format).toEqual([]);
      rmSync(copy);
      const expected = await convertDir(dir, join(tempDir(), `${format}-expected.jsonl`));
      const missing = expected.ids.filter((id) => !fuzzed.ids.includes(id));
      expect(missing, format).toEqual([]);
    }
  });
});

describe('fuzz: a 100 MB single line', () => {
  it('is skipped with a warning at its line, memory stays bounded, and the rest converts', async () => {
    const target = CASES.find((t) => t.name === 'claude-code') ?? CASES[0]!;
    const lines = records(target.file);
    const middle = Math.floor(lines.length / 2);
    const { dir, file } = variant(target, middle, undefined);
    const expected = await convertDir(dir, join(tempDir(), 'expected.jsonl'));
    // Rewrite the file with a 100 MB line in the middle, streamed: the test never holds it whole either.
    const fd = openSync(file, 'w');
    lines.forEach((line, i) => {
      if (i === middle) {
        writeSync(fd, '{"type":"user","message":{"role":"user","content":"');
        const chunk = Buffer.alloc(1 << 20, 'x');
        for (let n = 0; n < 100; n++) writeSync(fd, chunk);
        writeSync(fd, '"}}\n');
      }
      writeSync(fd, `${line}\n`);
    });
    closeSync(fd);
    expect(statSync(file).size).toBeGreaterThan(100 * (1 << 20));
    // With a 16 MiB line limit (first: RSS rarely shrinks back), then the default 64 MiB: memory follows the limit, never the line.
    for (const maxLineBytes of [16 << 20, undefined]) {
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
      const started = Date.now();
      const fuzzed = await convertDir(dir, join(tempDir(), 'fuzzed.jsonl'), { maxLineBytes });
      clearInterval(sampler);
      const growthMb = (peak - before) / (1 << 20);
      console.log(`fuzz 100mb-line: limit ${(maxLineBytes ?? 64 << 20) >> 20} MiB, ${Date.now() - started} ms, peak RSS growth ${growthMb.toFixed(0)} MB`);
      expect(fuzzed.ids).toEqual(expected.ids);
      expect(fuzzed.warnings.some((w) => w.code === 'line_too_long' && w.file === file && w.line === middle + 1)).toBe(true);
      if (maxLineBytes !== undefined) expect(growthMb).toBeLessThan(64); // far below the 100 MB line: it was never held whole
    }
  }, 120_000);
});
