import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireBuild, ROOT } from '../support/processes/child-writer.js';
import { cli } from '../support/runs/cli.js';
import { pendingSpans, spansInFolder } from '../support/faults/fault-counts.js';
import { seededRandom } from '../support/fixtures/prng.js';
import { useOtlpReceivers } from '../support/receivers/use-receivers.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();
const receiver = useOtlpReceivers();

/** Runs killed in the middle that the test needs; a run that ends before its kill does not count. */
const KILLS = 12;
/** At most this many runs in all (a run that ends first teaches the loop how fast runs are now). */
const MAX_RUNS = 40;
const SESSIONS = 24;
const TOOL_CALLS = 120;
/** The receiver answers every request this late, so that batches are in flight when the process dies. */
const ANSWER_DELAY_MS = 25;
/** Tool output captured on each tool span: batches of about 1 MiB, written in more than one system call. */
const OUTPUT_BYTES = 3000;
const CONVERT_TIMEOUT_MS = 60_000;

/** Claude Code transcripts: each session a prompt, then tool calls (an assistant tool_use, a user tool_result). */
function writeSessions(dir: string, random: () => number): void {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  for (let s = 0; s < SESSIONS; s++) {
    const sessionId = `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
    const base = { isSidechain: false, userType: 'external', cwd: '/work/demo', sessionId, version: '1.0.100' };
    const at = (i: number) => new Date(Date.UTC(2025, 8, 7, 9, 0, 0) + i * 1000).toISOString();
    const lines: object[] = [{ ...base, parentUuid: null, type: 'user', message: { role: 'user', content: 'Work' }, uuid: `${sessionId}-0`, timestamp: at(0) }];
    for (let i = 1; i <= TOOL_CALLS; i++) {
      const toolId = `toolu_${s}_${i}`;
      lines.push({
        ...base,
        parentUuid: `${sessionId}-${2 * i - 2}`,
        type: 'assistant',
        requestId: `req_${s}_${i}`,
        message: {
          model: 'claude-sonnet-4-20250514',
          id: `msg_${s}_${i}`,
          type: 'message',
          role: 'assistant',
          content: [{ type: 'tool_use', id: toolId, name: 'Bash', input: { command: `echo ${hex(40)}` } }],
          stop_reason: 'tool_use',
          usage: { input_tokens: 10, output_tokens: 5 },
        },
        uuid: `${sessionId}-${2 * i - 1}`,
        timestamp: at(2 * i - 1),
      });
      lines.push({
        ...base,
        parentUuid: `${sessionId}-${2 * i - 1}`,
        type: 'user',
        message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolId, content: `${hex(8)} `.repeat(OUTPUT_BYTES / 9), is_error: false }] },
        uuid: `${sessionId}-${2 * i}`,
        timestamp: at(2 * i),
      });
    }
    writeFileSync(join(dir, `${sessionId}.jsonl`), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  }
}

/** Runs `agent-otel convert` in a child process, killed with SIGKILL after `killAfterMs` (if it has not ended). */
function convertChild(input: string, out: string, endpoint: string, killAfterMs: number): Promise<{ killed: boolean; ms: number }> {
  requireBuild();
  const started = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(ROOT, 'dist/cli/main.js'), 'convert', input, '--out', out, '--endpoint', endpoint, '--capture-content', '--quiet'], {
      cwd: ROOT,
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const kill = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`convert did not end within ${CONVERT_TIMEOUT_MS} ms`));
    }, CONVERT_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(kill);
      clearTimeout(deadline);
      if (signal !== 'SIGKILL' && code !== 0) fail(new Error(`convert failed (${code}): ${stderr}`));
      else done({ killed: signal === 'SIGKILL', ms: Date.now() - started });
    });
  });
}

describe('convert killed with SIGKILL at random times, then replay --pending: every span in the JSONL reaches the collector', () => {
  it(`${KILLS} kills in the middle of a run`, async () => {
    const random = seededRandom(0x5eed_0010);
    const input = join(tempDir(), 'sessions');
    mkdirSync(input);
    writeSessions(input, random);

    // One run to the end: how long a conversion takes, so that the kills fall within it.
    const whole = await receiver();
    whole.script(...Array.from({ length: 2000 }, () => ({ delayMs: ANSWER_DELAY_MS })));
    const fullOut = join(tempDir(), 'full');
    const full = await convertChild(input, fullOut, whole.url, CONVERT_TIMEOUT_MS);
    expect(full.killed).toBe(false);
    const produced = new Set(spansInFolder(fullOut).map((s) => s.spanId));
    // A root, a model call and a tool call per step, per session.
    expect(produced.size).toBe(SESSIONS * (1 + 2 * TOOL_CALLS));
    expect(new Set(whole.acceptedSpans().map((s) => s.spanId))).toEqual(produced);

    let totalJsonl = 0;
    let totalDuplicates = 0;
    let killedRuns = 0;
    // Kills fall within the shortest whole run seen so far: the machine's speed changes under load.
    let scaleMs = full.ms;
    let run = 0;
    for (; run < MAX_RUNS && killedRuns < KILLS; run++) {
      const collector = await receiver();
      collector.script(...Array.from({ length: 2000 }, () => ({ delayMs: ANSWER_DELAY_MS })));
      const out = join(tempDir(), `out-${run}`);
      const killAfter = Math.round(50 + random() * scaleMs * 0.9);
      const { killed, ms } = await convertChild(input, out, collector.url, killAfter);
      if (killed) killedRuns++;
      else scaleMs = Math.min(scaleMs, ms);
      if (existsSync(out)) {
        const replayed = await cli(['replay', '--pending', '--out', out, '--endpoint', collector.url, '--quiet']);
        expect(replayed.code, replayed.stderr).toBe(0);
      } else {
        // Killed before it made its output folder: it wrote nothing, and nothing can be pending.
        expect(killed).toBe(true);
      }

      const inJsonl = new Set(spansInFolder(out).map((s) => s.spanId));
      const accepted = collector.acceptedSpans().map((s) => s.spanId);
      const arrived = new Set(accepted);
      const missing = [...inJsonl].filter((id) => !arrived.has(id));
      expect(missing, `run ${run}, killed after ${killAfter} ms: ${missing.length} of ${inJsonl.size} JSONL spans never arrived`).toEqual([]);
      // Nothing is left behind: no pending file, nothing set aside as refused or torn.
      const pendingDir = join(out, 'pending');
      expect(pendingSpans(pendingDir)).toBe(0);
      expect(existsSync(join(pendingDir, 'refused'))).toBe(false);
      expect(existsSync(pendingDir) ? readdirSync(pendingDir).filter((n) => n.endsWith('.tmp')) : []).toEqual([]);
      totalJsonl += inJsonl.size;
      totalDuplicates += accepted.length - arrived.size;
    }
    console.log(
      `pending-kill-loop: runs=${run} killed_mid_run=${killedRuns} produced_per_run=${produced.size} full_run_ms=${full.ms} jsonl_spans=${totalJsonl} arrived_all=yes duplicates=${totalDuplicates}`,
    );
    expect(killedRuns).toBe(KILLS);
  }, 600_000);
});
