import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { DATA_DIR } from '../generate.mjs';
import { REPO } from './library.mjs';

/** The real Claude Code and Codex session files next to the repository (read-only; copied, never changed). */
export const REAL_FIXTURES = join(REPO, '..', 'shared', 'fixtures', 'real');
const FORMATS = ['claude-code', 'codex'];
const MIB = 1024 * 1024;
/** Bump when the copies change shape: copies of another version are made again. */
const VERSION = 1;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The same UUID in every file of one copy, another in each copy: sessions, messages and their links stay whole, and each copy is sessions of its own. */
function freshUuid(copy, uuid) {
  const h = createHash('sha1').update(`${copy}:${uuid.toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function sourceFiles() {
  const files = [];
  for (const format of FORMATS) {
    const root = join(REAL_FIXTURES, format);
    if (!existsSync(root)) continue;
    for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (e.isFile() && e.name.endsWith('.jsonl')) files.push(join(e.parentPath ?? e.path, e.name));
    }
  }
  return files.sort();
}

function countLines(text) {
  let n = 0;
  for (const line of text.split('\n')) if (line !== '') n++;
  return n;
}

/**
 * A corpus of at least `mb` MiB made of the real Claude Code and Codex
 * fixtures (../shared/fixtures/real), copied as many times as it takes, every
 * UUID (session ids, message ids, file names) replaced by one of the copy's
 * own so that each copy converts as distinct sessions. Made once under
 * benchmarks/.data/ and reused. Undefined when the fixtures are absent.
 */
export function ensureRealCorpus(mb, { log = console.error } = {}) {
  const sources = sourceFiles();
  if (sources.length === 0) return undefined;
  const fingerprint = createHash('sha1')
    .update(JSON.stringify(sources.map((f) => [relative(REAL_FIXTURES, f), statSync(f).size])))
    .digest('hex')
    .slice(0, 12);
  const dir = join(DATA_DIR, `real-copies-${mb}mib`);
  const manifestFile = join(dir, 'manifest.json');
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    if (manifest.version === VERSION && manifest.fingerprint === fingerprint) return withPaths(dir, manifest);
  }
  rmSync(dir, { recursive: true, force: true });
  const texts = sources.map((f) => ({ rel: relative(REAL_FIXTURES, f), text: readFileSync(f, 'utf8') }));
  const copyBytes = texts.reduce((n, t) => n + Buffer.byteLength(t.text), 0);
  const copies = Math.max(1, Math.ceil((mb * MIB) / copyBytes));
  log(`[generate] ${copies} copies of the real fixtures (${(copyBytes / MIB).toFixed(1)} MiB each) into ${relative(process.cwd(), dir)} ...`);
  const manifest = { version: VERSION, fingerprint, copies, files: /** @type {string[]} */ ([]), bytes: 0, lines: 0 };
  for (let copy = 0; copy < copies; copy++) {
    for (const { rel, text } of texts) {
      const out = join(`copy-${copy}`, rel.replace(UUID, (u) => freshUuid(copy, u)));
      const body = text.replace(UUID, (u) => freshUuid(copy, u));
      mkdirSync(dirname(join(dir, out)), { recursive: true });
      writeFileSync(join(dir, out), body);
      manifest.files.push(out);
      manifest.bytes += Buffer.byteLength(body);
      manifest.lines += countLines(body);
    }
  }
  writeFileSync(manifestFile, JSON.stringify(manifest));
  return withPaths(dir, manifest);
}

function withPaths(dir, manifest) {
  const allFiles = manifest.files.map((f) => join(dir, f));
  const inputs = Array.from({ length: manifest.copies }, (_, copy) => join(dir, `copy-${copy}`));
  return { dir, inputs, allFiles, bytes: manifest.bytes, lines: manifest.lines, copies: manifest.copies };
}
