import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../src/watch/watch-events.js';
import {
  getJaegerTrace,
  launch,
  printLogsOnFailure,
  startJaeger,
  type BackendProcess,
  type JaegerTrace,
} from '../support/backends/backends.js';
import { useE2eSuite } from '../support/backends/e2e-suite.js';
import { useE2eTiming } from '../support/backends/e2e-timing.js';
import { expectAgentTree, expectTraceMatchesJsonl, treeSpans } from '../support/backends/jaeger-tree.js';
import { requireBuild, ROOT } from '../support/processes/child-writer.js';
import { CLI } from '../support/processes/timed-child.js';
import { convertToSpans } from '../support/runs/convert-spans.js';
import type { NormalizedSpan } from '../support/spans/otlp-normalize.js';
import { seeded, writeTreeSlowly } from '../support/watch/tree-writer.js';

/**
 * `agent-otel watch` as a user runs it (the built CLI, a child process)
 * sending OTLP/HTTP to the real Jaeger v2 while a session is written line by
 * line in the order its records were made: Jaeger shows the spans completed
 * so far while the session is still being written (the root not yet), and
 * once the session is over (idle) the whole trace, exactly as `convert`
 * gives it for the finished files. SIGTERM then stops watch with exit code 0.
 */
const timed = useE2eTiming('watch-jaeger.test.ts');
const { tempDir, backends: suiteBackends } = useE2eSuite('e2e: watch -> Jaeger', timed);

const FIXTURES = join(ROOT, 'test/fixtures');
/** Seconds without a new record after which watch sends a session's root. */
const SESSION_IDLE_S = 2;
/** Pause after each write: far below the idle time, so the session stays open while it is written. */
const PAUSE_MS = 200;

/** The events `watch --json` printed so far (its stdout, in the process log). */
function watchEvents(proc: BackendProcess): WatchEvent[] {
  return proc.logs().split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      const value = JSON.parse(line) as { type?: unknown };
      return typeof value.type === 'string' ? [value as WatchEvent] : [];
    } catch {
      return [];
    }
  });
}

/**
 * Polls `probe` until it gives a value; fails with `what` (and `detail`, what
 * was there instead) after `timeoutMs`, or at once if watch has exited.
 */
async function until<T>(
  watch: BackendProcess,
  what: string,
  probe: () => Promise<T | undefined>,
  detail: () => string = () => '',
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!watch.running) throw new Error(`watch ${watch.describeExit()} before ${what}`);
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${detail() ? `; ${detail()}` : ''}`);
    await sleep(200);
  }
}

const isPart = (name: string): boolean => name.startsWith('chat') || name.startsWith('execute_tool');

/** The one span of a session's trace without a parent. */
function rootOf(spans: readonly NormalizedSpan[]): NormalizedSpan {
  const roots = spans.filter((s) => !s.parentSpanId);
  expect(roots.map((s) => s.name)).toHaveLength(1);
  return roots[0]!;
}

describe('agent-otel watch --endpoint -> Jaeger v2', () => {
  for (const fixture of ['claude-code/subfolder', 'codex/subagents']) {
    it(`${fixture}: the trace grows in Jaeger while the session is written, and is convert's once it is over`, { timeout: 240_000 }, async (ctx) => {
      const backends = suiteBackends();
      if (!backends) return ctx.skip();
      requireBuild();
      const source = join(FIXTURES, fixture);
      // What the finished files give; span ids do not depend on where the files are.
      const before = await convertToSpans([source]);
      const traceIds = [...new Set(before.spans.map((s) => s.traceId))];
      expect(traceIds, 'one session (with its subagents), one trace').toHaveLength(1);
      const traceId = traceIds[0]!;
      const root = rootOf(before.spans);
      const want = new Map(before.spans.map((s) => [s.spanId, s]));

      const jaeger = await timed('Jaeger start', () => startJaeger(backends, { timeoutMs: 60_000 }));
      const dir = tempDir();
      const src = join(dir, 'src');
      mkdirSync(src);
      const args = ['watch', src, '--endpoint', jaeger.otlpHttpUrl, '--out', join(dir, 'out'), '--state', join(dir, 'state')];
      const watch = launch('agent-otel-watch', process.execPath, [resolve(ROOT, CLI), ...args, '--session-idle', String(SESSION_IDLE_S), '--json'], {});
      printLogsOnFailure(jaeger.process, watch);
      await timed('watch ready', () => until(watch, 'the ready event', async () => watchEvents(watch).find((e) => e.type === 'ready')));

      // 1. While the session is written: the spans complete so far are in Jaeger, the root is not.
      let writing = true;
      const writer = writeTreeSlowly(source, src, { random: seeded(fixture.length), pauseMs: PAUSE_MS }).finally(() => (writing = false));
      const partial = await timed('first spans in Jaeger', () =>
        until(watch, 'a chat or tool span in Jaeger, or the end of the writing', async () => {
          const trace = await getJaegerTrace(jaeger.queryUrl, traceId).catch(() => undefined);
          // Read after Jaeger answered: still writing then means still writing when Jaeger showed the trace.
          const stillWriting = writing;
          if (trace?.spans.some((s) => isPart(s.operationName))) return { trace, stillWriting };
          return stillWriting ? undefined : { trace, stillWriting };
        }),
      );
      expect(partial.stillWriting, 'Jaeger showed spans before the session was written to the end').toBe(true);
      const shown = partial.trace!.spans;
      expect(shown.length, 'only a part of the session').toBeLessThan(want.size);
      expect(shown.map((s) => s.spanID), 'not the root of a session still going on').not.toContain(root.spanId);
      for (const span of shown) {
        const expected = want.get(span.spanID);
        expect(expected, `${span.operationName} ${span.spanID}: a span convert gives`).toBeDefined();
        expect(span.operationName).toBe(expected!.name);
        expect(span.references.map((r) => r.spanID)).toEqual(expected!.parentSpanId ? [expected!.parentSpanId] : []);
      }
      await timed('writing', () => writer);

      // 2. After the session is over (idle): the whole trace, exactly as convert gives the finished files.
      const finished = await convertToSpans([src]);
      expect(finished.spans.map((s) => s.spanId).sort(), 'the files written are the fixture').toEqual([...want.keys()].sort());
      await timed('session over', () =>
        until(watch, 'the session-over event', async () => watchEvents(watch).find((e) => e.type === 'session-over' && e.reason === 'idle')),
      );
      let missing = [...want.values()];
      const trace = await timed('whole trace in Jaeger', () =>
        until(
          watch,
          `the ${want.size} spans of trace ${traceId} in Jaeger`,
          async (): Promise<JaegerTrace | undefined> => {
            const got = await getJaegerTrace(jaeger.queryUrl, traceId).catch(() => undefined);
            const ids = new Set(got?.spans.map((s) => s.spanID));
            missing = [...want.values()].filter((s) => !ids.has(s.spanId));
            return missing.length === 0 ? got : undefined;
          },
          () => `missing: ${missing.map((s) => `${s.name} ${s.spanId}`).join(', ')}`,
        ),
      );
      // Each span once, with convert's id, name, parent, tags and times.
      expectTraceMatchesJsonl(trace, finished.spans);
      // One root, convert's, and every span under it.
      expectAgentTree(trace);
      const spans = treeSpans(trace);
      const byId = new Map(spans.map((s) => [s.id, s]));
      expect(spans.filter((s) => !s.parent).map((s) => s.id)).toEqual([root.spanId]);
      for (const span of spans) {
        let at = span;
        for (let hops = 0; hops < spans.length; hops++) {
          const next = byId.get(at.parent ?? '');
          if (!next) break;
          at = next;
        }
        expect(at.id, `${span.name} ${span.id} leads up to the root`).toBe(root.spanId);
      }

      // 3. SIGTERM: flush, save, exit 0.
      watch.child.kill('SIGTERM');
      await timed('stop', () => watch.exited);
      expect(watch.child.exitCode, watch.describeExit()).toBe(0);
      expect(watchEvents(watch).filter((e) => (e.type as string) === 'stopped')).toHaveLength(1);
    });
  }
});
