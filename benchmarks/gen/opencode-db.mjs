/**
 * An OpenCode `opencode.db` of a given size, for the SQLite reader benchmark:
 * the tables and indexes OpenCode creates (test/fixtures/opencode/opencode.sql),
 * many sessions of user and assistant messages, each assistant message in
 * steps (step-start, reasoning, text, tool calls with heavy-tailed outputs,
 * step-finish with tokens and cost), as OpenCode stores them: ids in columns,
 * the rest of each message and part as JSON in `data`.
 *
 * Written with node-sqlite3-wasm, deterministic for a seed, and kept in the OS
 * temp folder keyed by size and generator version, so a rerun reuses it.
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../lib/library.mjs';
import { hash32, Rng } from './prng.mjs';
import { code, path, prose, shellOutput } from './text.mjs';

/** Bump when the generated shapes change: a database of another version is made again. */
const GENERATOR_VERSION = 1;
const MIB = 1024 * 1024;
const DAY = 86_400_000;
const TOOLS = ['read', 'bash', 'edit', 'grep', 'glob', 'write'];

/** @returns {typeof import('node-sqlite3-wasm')} */
function engine() {
  return createRequire(import.meta.url)('node-sqlite3-wasm');
}

export function openCodeDbPath(mb, seed = 42) {
  return join(tmpdir(), `agent-otel-bench-opencode-v${GENERATOR_VERSION}-seed${seed}-${mb}mib.db`);
}

/** The database of about `mb` MiB (made when missing): `{ file, bytes }`. */
export function ensureOpenCodeDb(mb, { seed = 42, log = console.error } = {}) {
  const file = openCodeDbPath(mb, seed);
  if (!existsSync(file)) {
    const started = performance.now();
    log(`[generate] ${file}: ${mb} MiB OpenCode database ...`);
    const partial = `${file}.partial`;
    rmSync(partial, { force: true });
    const sessions = writeDb(partial, mb * MIB, seed);
    renameSync(partial, file);
    log(`[generate] ${sessions} sessions, ${(statSync(file).size / MIB).toFixed(0)} MiB in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return { file, bytes: statSync(file).size };
}

/** Writes sessions until the file reaches `bytes`; returns how many. */
function writeDb(file, bytes, seed) {
  const { Database } = engine();
  const db = new Database(file);
  try {
    db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536');
    db.exec(readFileSync(join(REPO, 'test/fixtures/opencode/opencode.sql'), 'utf8'));
    const insert = {
      session: db.prepare('INSERT INTO session (id, project_id, parent_id, slug, directory, title, version, time_created, time_updated) VALUES (?,?,?,?,?,?,?,?,?)'),
      message: db.prepare('INSERT INTO message VALUES (?,?,?,?,?)'),
      part: db.prepare('INSERT INTO part VALUES (?,?,?,?,?,?)'),
    };
    try {
      let n = 0;
      while (statSync(file).size < bytes) {
        db.exec('BEGIN');
        for (let k = 0; k < 20; k++, n++) writeSession(insert, new Rng(hash32(`${seed}:opencode:${n}`)), n);
        db.exec('COMMIT');
      }
      return n;
    } finally {
      for (const statement of Object.values(insert)) statement.finalize();
    }
  } finally {
    db.close();
  }
}

function writeSession(insert, rng, n) {
  const id = `ses_${String(n).padStart(8, '0')}${rng.base62(12)}`;
  const cwd = `/home/dev/${rng.pick(['shop', 'api', 'infra', 'docs', 'mobile'])}`;
  const created = Date.UTC(2026, 0, 1) + n * (DAY / 40) + rng.int(0, 60_000);
  let t = created;
  const turns = rng.size(2, 12, 120);
  for (let turn = 0; turn < turns; turn++) {
    const user = `msg_${id.slice(4, 12)}_${String(2 * turn).padStart(4, '0')}`;
    insert.message.run([user, id, t, t, JSON.stringify({ role: 'user', time: { created: t }, agent: 'build', model: { providerID: 'anthropic', modelID: 'claude-sonnet-4-5' } })]);
    insert.part.run([`prt_${user.slice(4)}_0000`, user, id, t, t, JSON.stringify({ type: 'text', text: prose(rng, rng.size(40, 400, 8000)) })]);
    t += rng.int(500, 5_000);
    t = writeAssistant(insert, rng, id, `msg_${id.slice(4, 12)}_${String(2 * turn + 1).padStart(4, '0')}`, t, cwd);
  }
  const title = prose(rng, 40).slice(0, 60);
  insert.session.run([id, `prj_${rng.hex(40)}`, null, id.slice(4, 16), cwd, title, '1.0.120', created, t]);
}

/** One assistant message of one to six steps; returns the time it ends. */
function writeAssistant(insert, rng, sessionId, id, start, cwd) {
  let t = start;
  let cost = 0;
  let part = 0;
  let tokens;
  const add = (value) => {
    const pid = `prt_${id.slice(4)}_${String(++part).padStart(4, '0')}`;
    insert.part.run([pid, id, sessionId, t, t, JSON.stringify(value)]);
  };
  const steps = rng.size(1, 3, 6);
  for (let step = 0; step < steps; step++) {
    add({ type: 'step-start', snapshot: rng.hex(40) });
    if (rng.chance(0.4)) add({ type: 'reasoning', text: prose(rng, rng.size(40, 300, 4000)), time: { start: t, end: (t += rng.int(200, 3000)) } });
    add({ type: 'text', text: prose(rng, rng.size(20, 300, 6000)), time: { start: t, end: (t += rng.int(100, 4000)) } });
    const calls = step === steps - 1 ? 0 : rng.int(1, 3);
    for (let c = 0; c < calls; c++) {
      const tool = rng.pick(TOOLS);
      const file = path(rng, cwd);
      const input = tool === 'bash' ? { command: `npm test -- ${file}`, description: 'Run the tests' } : { filePath: file };
      const output = tool === 'bash' ? shellOutput(rng, rng.size(100, 2000, 60_000)) : code(rng, rng.size(100, 3000, 80_000));
      const end = t + rng.int(20, 20_000);
      add({ type: 'tool', callID: `toolu_${rng.base62(24)}`, tool, state: { status: rng.chance(0.05) ? 'error' : 'completed', input, output, title: file, metadata: {}, time: { start: t, end } } });
      t = end;
    }
    tokens = { input: rng.int(50, 4000), output: rng.int(20, 2000), reasoning: rng.int(0, 500), cache: { read: rng.int(0, 60_000), write: rng.int(0, 5000) } };
    const stepCost = Math.round(rng.next() * 500) / 10_000;
    cost += stepCost;
    add({ type: 'step-finish', reason: step === steps - 1 ? 'stop' : 'tool-calls', snapshot: rng.hex(40), cost: stepCost, tokens });
  }
  const data = { role: 'assistant', time: { created: start, completed: t }, modelID: 'claude-sonnet-4-5', providerID: 'anthropic', mode: 'build', agent: 'build', path: { cwd, root: cwd }, cost, tokens, finish: 'stop' };
  insert.message.run([id, sessionId, start, t, JSON.stringify(data)]);
  return t + rng.int(1000, 120_000);
}
