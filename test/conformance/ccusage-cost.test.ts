/**
 * Cost per Claude Code session against ccusage, an independent tool with its
 * own price table, on the real files in ../shared/fixtures/real/claude-code.
 *
 * ccusage groups a session as `<project>/<session>.jsonl` plus the files
 * under `<project>/<session>/subagents/`; a sibling `agent-*.jsonl` file is a
 * session of its own. Each such group is converted here on its own and the
 * costs of its chat spans are added up, so both tools price the same records.
 *
 * One difference is known and kept apart: a subagent whose transcript file
 * is absent is rebuilt by agent-otel from its parent's `agent_progress`
 * records, which carry the subagent's model calls; ccusage reads only the
 * transcripts' own assistant records, so it does not count those calls.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertToSpans } from '../support/runs/convert-spans.js';

const REAL = resolve(import.meta.dirname, '../../../shared/fixtures/real/claude-code');

/** ccusage from its cached install (scripts/install-ccusage.sh installs it on first use, as CI does). */
function findCcusage(): { bin?: string; problem?: string } {
  const run = spawnSync('bash', [resolve(import.meta.dirname, '../../scripts/install-ccusage.sh')], { encoding: 'utf8', timeout: 300_000 });
  const dir = run.stdout?.trim().split('\n').at(-1);
  const bin = dir ? join(dir, 'node_modules', '.bin', 'ccusage') : undefined;
  if (run.status === 0 && bin && existsSync(bin)) return { bin };
  return { problem: `ccusage could not be installed by scripts/install-ccusage.sh: ${(run.stderr ?? String(run.error)).trim().split('\n').slice(-3).join(' | ')}` };
}

const found = existsSync(REAL) ? findCcusage() : { problem: `real Claude Code fixtures missing at ${REAL}` };
const CCUSAGE = found.bin ?? '';
const missing = found.problem;
if (missing) {
  if (process.env.CI) throw new Error(missing);
  console.warn(`ccusage cost agreement skipped: ${missing}`);
}

/** Relative difference allowed per session (the bound). */
const TOLERANCE = 0.01;

interface CcusageSession {
  period: string;
  totalCost: number;
  modelsUsed: string[];
}

/** A session as ccusage groups it: its name and the files that make it up. */
interface Group {
  name: string;
  files: string[];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.jsonl') ? [path] : [];
  });
}

/** The sessions of one project folder, grouped the way ccusage groups them. */
function groupsOf(project: string): Group[] {
  const groups = new Map<string, string[]>();
  for (const file of filesUnder(project)) {
    const rel = file.slice(project.length + 1).split('/');
    const name = rel.length > 1 ? rel[0]! : basename(rel[0]!, '.jsonl');
    groups.set(name, [...(groups.get(name) ?? []), file]);
  }
  return [...groups].map(([name, files]) => ({ name, files }));
}

/** Copies the fixtures into `<dir>/projects/<project>/...`, the layout ccusage reads. */
function configDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agent-otel-ccusage-'));
  mkdirSync(join(dir, 'projects'));
  for (const project of readdirSync(REAL)) cpSync(join(REAL, project), join(dir, 'projects', project), { recursive: true });
  return dir;
}

function runCcusage(dir: string): CcusageSession[] {
  const run = spawnSync(CCUSAGE, ['session', '--offline', '--json'], {
    env: { ...process.env, CLAUDE_CONFIG_DIR: dir, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`ccusage failed (${run.status}): ${run.stderr}`);
  return (JSON.parse(run.stdout) as { session: CcusageSession[] }).session;
}

/**
 * Subagents seen only through their parent's progress records: the agent ids
 * that `agent_progress` records name and for which no `agent-<id>.jsonl` is
 * among the files, read from the raw lines.
 */
function progressOnlyAgents(files: string[]): Set<string> {
  const named = new Set<string>();
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.includes('agent_progress')) continue;
      try {
        const record = JSON.parse(line) as { type?: string; data?: { type?: string; agentId?: unknown } };
        if (record.type === 'progress' && record.data?.type === 'agent_progress' && typeof record.data.agentId === 'string') named.add(record.data.agentId);
      } catch {
        // a damaged line names no agent
      }
    }
  }
  const present = new Set(files.map((f) => /^agent-(.+)\.jsonl$/.exec(basename(f))?.[1]).filter((id) => id !== undefined));
  return new Set([...named].filter((id) => !present.has(id)));
}

interface GroupCost {
  /** Chat spans of the transcripts themselves. */
  cost: number;
  /** Chat spans of subagents rebuilt from progress records. */
  rebuiltCost: number;
  unpriced: number;
  chats: number;
}

async function costOf(files: string[]): Promise<GroupCost> {
  const { spans } = await convertToSpans(files);
  const rebuilt = [...progressOnlyAgents(files)].map((id) => `/agent-${id}`);
  const out: GroupCost = { cost: 0, rebuiltCost: 0, unpriced: 0, chats: 0 };
  for (const span of spans) {
    if (span.attributes['gen_ai.operation.name'] !== 'chat') continue;
    out.chats++;
    const value = span.attributes['gen_ai.usage.cost'];
    const conversation = String(span.attributes['gen_ai.conversation.id']);
    if (typeof value === 'number') {
      if (rebuilt.some((suffix) => conversation.endsWith(suffix))) out.rebuiltCost += value;
      else out.cost += value;
    } else if (span.attributes['agent_otel.usage.cost.unpriced'] === true) out.unpriced++;
  }
  return out;
}

describe.skipIf(missing !== undefined)('cost per Claude Code session agrees with ccusage', () => {
  const dir = missing ? '' : configDir();
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const projects = missing ? [] : readdirSync(join(dir, 'projects')).map((p) => join(dir, 'projects', p));
  const groups = projects.flatMap(groupsOf);
  const reference = missing ? [] : runCcusage(dir);

  it('ccusage finds sessions with a cost in the fixtures', () => {
    expect(reference.length).toBeGreaterThan(5);
    expect(reference.reduce((s, r) => s + r.totalCost, 0)).toBeGreaterThan(1);
  });

  for (const session of reference) {
    it(`session ${session.period} (${session.modelsUsed.join(', ')})`, async () => {
      const group = groups.filter((g) => g.name === session.period);
      expect(group, `one group of files named ${session.period}`).toHaveLength(1);
      const ours = await costOf(group[0]!.files);
      expect(ours.unpriced, 'every chat span priced').toBe(0);
      expect(ours.chats).toBeGreaterThan(0);
      const relative = Math.abs(ours.cost - session.totalCost) / session.totalCost;
      expect(relative, `agent-otel $${ours.cost.toFixed(6)} vs ccusage $${session.totalCost.toFixed(6)}`).toBeLessThanOrEqual(TOLERANCE);
    });
  }

  it('a subagent rebuilt from progress records adds calls ccusage does not see', async () => {
    const withRebuilt = [];
    for (const group of groups) {
      const ours = await costOf(group.files);
      if (ours.rebuiltCost > 0) withRebuilt.push(group.name);
    }
    // The fixtures hold one Task call whose subagent file is absent (v2.1.39-subagents/subagent.jsonl).
    expect(withRebuilt).toEqual(['subagent']);
  });

  it('every session with tokens in the fixtures is one ccusage reports', async () => {
    const named = new Set(reference.map((r) => r.period));
    for (const group of groups) {
      const ours = await costOf(group.files);
      if (ours.cost > 0) expect(named.has(group.name), `${group.name} has a cost here but not in ccusage`).toBe(true);
    }
  });
});
