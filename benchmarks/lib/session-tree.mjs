import { existsSync, readFileSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR } from '../generate.mjs';
import { writeClaudeSession } from '../gen/claude-code.mjs';
import { writeCodexRollout } from '../gen/codex.mjs';
import { hash32, Rng } from '../gen/prng.mjs';

const VERSION = 2;
/** Each file is cut after its last complete line within this many bytes: a short session. */
const MAX_FILE_BYTES = 16 * 1024;
/** A day and a half: every session of the tree is over (watch's --session-idle is 10 minutes). */
const AGE_MS = 36 * 3600 * 1000;

/**
 * A tree of many small finished sessions, as a watched folder holds after
 * months of use: Claude Code sessions (some with subagent files) and Codex
 * rollouts, about 70/30, each file cut to its lines within its first 16 KiB
 * (a short session), generated until the tree holds `files` files, their
 * times set a day and a half back.
 * Seeded and cached in benchmarks/.data/ (the same `files` gives the same tree).
 *
 * @returns {{ dir: string, files: number, sessions: number, bytes: number }}
 */
export function ensureSessionTree(files, seed = Number(process.env.BENCH_SEED ?? 42)) {
  const dir = join(DATA_DIR, `watch-tree-seed${seed}-${files}`);
  const manifestFile = join(dir, 'manifest.json');
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    if (manifest.version === VERSION) return { dir: join(dir, 'tree'), ...manifest.tree };
  }
  rmSync(dir, { recursive: true, force: true });
  const root = join(dir, 'tree');
  const tree = { files: 0, sessions: 0, bytes: 0 };
  const when = new Date(Date.now() - AGE_MS);
  while (tree.files < files) {
    const rng = new Rng(hash32(`tree:${seed}:${tree.sessions}`));
    const entry = rng.chance(0.7) ? writeClaudeSession(root, rng, 4 * 1024) : writeCodexRollout(root, rng, 4 * 1024);
    for (const file of entry.files) {
      tree.bytes += cutShort(file);
      utimesSync(file, when, when);
    }
    tree.files += entry.files.length;
    tree.sessions += 1;
  }
  writeFileSync(manifestFile, JSON.stringify({ version: VERSION, seed, tree }));
  return { dir: root, ...tree };
}

/** Cuts a file after its last line break within MAX_FILE_BYTES (at least its first line is kept); returns its size. */
function cutShort(file) {
  const text = readFileSync(file);
  if (text.length <= MAX_FILE_BYTES) return text.length;
  const within = text.lastIndexOf(0x0a, MAX_FILE_BYTES - 1);
  const size = within > 0 ? within + 1 : text.indexOf(0x0a) + 1 || text.length;
  truncateSync(file, size);
  return size;
}
