#!/usr/bin/env node
/**
 * Generates a large, realistic corpus of agent transcripts into
 * benchmarks/.data/ (gitignored): Claude Code sessions (with split responses,
 * subagents, hooks, compactions) and Codex rollouts (with repeated
 * token_count events, both output generations), about 70/30 by count.
 *
 * Deterministic: session i is generated from its own seed derived from
 * BENCH_SEED and i, so a corpus of N MiB is always the prefix of a larger one
 * and growing it only appends sessions. A benchmark asks for "the first N MiB"
 * with `ensureCorpus(n)`.
 *
 *   BENCH_MB=500 node benchmarks/generate.mjs     (default 500; MiB)
 *   BENCH_SEED=42                                 (default 42)
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeClaudeSession } from './gen/claude-code.mjs';
import { writeCodexRollout } from './gen/codex.mjs';
import { hash32, Rng } from './gen/prng.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = process.env.BENCH_DATA_DIR ?? join(HERE, '.data');
const MIB = 1024 * 1024;
/** Bump when the generated shapes change: a corpus of another version is regenerated. */
const GENERATOR_VERSION = 3;

export function corpusDir(seed = Number(process.env.BENCH_SEED ?? 42)) {
  return join(DATA_DIR, `corpus-seed${seed}`);
}

function readManifest(dir) {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) return undefined;
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  return manifest.version === GENERATOR_VERSION ? manifest : undefined;
}

/**
 * Makes sure the corpus holds at least `mb` MiB and returns the smallest
 * prefix of its sessions that does: `{ inputs, bytes, lines, sessions, ... }`.
 * `inputs` are the files to give to convert (a Claude Code session file finds
 * its subagent folder itself).
 */
export function ensureCorpus(mb, { seed = Number(process.env.BENCH_SEED ?? 42), log = console.error } = {}) {
  const dir = corpusDir(seed);
  let manifest = readManifest(dir);
  if (!manifest) {
    rmSync(dir, { recursive: true, force: true });
    manifest = { version: GENERATOR_VERSION, seed, sessions: [] };
  }
  const want = mb * MIB;
  let total = manifest.sessions.reduce((sum, s) => sum + s.bytes, 0);
  if (total < want) {
    const started = performance.now();
    log(`[generate] corpus ${relative(process.cwd(), dir)}: ${(total / MIB).toFixed(0)} MiB -> ${mb} MiB ...`);
    mkdirSync(dir, { recursive: true });
    while (total < want) {
      const index = manifest.sessions.length;
      const rng = new Rng(hash32(`${seed}:${index}`));
      const entry = rng.chance(0.7)
        ? writeClaudeSession(dir, rng, rng.size(256 * 1024, 3 * MIB, 12 * MIB))
        : writeCodexRollout(dir, rng, rng.size(128 * 1024, 1.5 * MIB, 6 * MIB));
      entry.input = relative(dir, entry.input);
      entry.files = entry.files.map((f) => relative(dir, f));
      manifest.sessions.push(entry);
      total += entry.bytes;
      if (index % 20 === 0) writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    }
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    log(`[generate] done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return select(dir, manifest, want);
}

function select(dir, manifest, want) {
  const out = { dir, inputs: /** @type {string[]} */ ([]), allFiles: /** @type {string[]} */ ([]), files: 0, bytes: 0, lines: 0, sessions: 0, claudeSessions: 0, codexSessions: 0, subagents: 0, toolCalls: 0, responses: 0 };
  for (const s of manifest.sessions) {
    if (out.bytes >= want) break;
    out.inputs.push(join(dir, s.input));
    for (const f of s.files) out.allFiles.push(join(dir, f));
    out.files += s.files.length;
    out.bytes += s.bytes;
    out.lines += s.lines;
    out.sessions += 1;
    if (s.kind === 'claude-code') out.claudeSessions += 1;
    else out.codexSessions += 1;
    out.subagents += s.subagents;
    out.toolCalls += s.toolCalls;
    out.responses += s.responses;
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const mb = Number(process.env.BENCH_MB ?? 500);
  const corpus = ensureCorpus(mb);
  const { inputs, allFiles, ...summary } = corpus;
  console.log(JSON.stringify({ ...summary, inputs: inputs.length, mib: +(corpus.bytes / MIB).toFixed(1) }, null, 2));
}
