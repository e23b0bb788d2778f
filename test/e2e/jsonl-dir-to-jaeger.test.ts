import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  getJaegerTrace,
  printLogsOnFailure,
  startCollector,
  startJaeger,
  waitForJaegerTrace,
} from '../support/backends/backends.js';
import { useE2eSuite } from '../support/backends/e2e-suite.js';
import { makeTraceLines, type GeneratedSpan } from '../support/spans/trace-lines.js';

/**
 * The Collector's otlp_json_file receiver reading a directory of JSONL files
 * (collector-config/replay-jsonl-dir.yaml) and forwarding to Jaeger v2
 * (collector-config/jaeger-v2.yaml): the same traces must come out of Jaeger's
 * HTTP API, each span once.
 */
const { tempDir, backends: suiteBackends } = useE2eSuite('e2e: JSONL directory -> Collector -> Jaeger');

/** The receiver tells files apart by their first 1000 bytes (fingerprint_size). */
const FINGERPRINT_BYTES = 1000;

describe('otlp_json_file receiver (directory) -> Jaeger v2', () => {
  it('the same traces arrive in Jaeger, every span once', async (ctx) => {
    const backends = suiteBackends();
    if (!backends) return ctx.skip();
    const dir = tempDir();
    const expected: Array<GeneratedSpan & { service: string }> = [];
    const heads: string[] = [];
    for (let f = 0; f < 3; f++) {
      const service = `jsonl-dir-e2e-${f}`;
      // As agent-otel's directory mode does: every file carries its own agent_otel.file.id, near its start.
      const data = makeTraceLines({
        traces: 2,
        spansPerTrace: 6,
        spansPerLine: 4,
        resource: { 'agent_otel.file.id': randomUUID(), 'service.name': service },
      });
      const text = data.lines.map((l) => `${l}\n`).join('');
      writeFileSync(join(dir, `session-${f}.jsonl`), text);
      heads.push(text.slice(0, FINGERPRINT_BYTES));
      expected.push(...data.spans.map((s) => ({ ...s, service })));
    }
    writeFileSync(join(dir, 'notes.txt'), 'not matched by *.jsonl\n');
    // Precondition of the test: no two files look alike to the receiver.
    expect(new Set(heads).size).toBe(3);

    const jaeger = await startJaeger(backends);
    printLogsOnFailure(jaeger.process);
    const collector = await startCollector(backends, 'collector-config/replay-jsonl-dir.yaml', {
      AGENT_OTEL_JSONL_DIR: dir,
      BACKEND_OTLP_ENDPOINT: jaeger.otlpGrpcEndpoint,
    });
    printLogsOnFailure(jaeger.process, collector.process);

    const traceIds = [...new Set(expected.map((s) => s.traceId))];
    expect(traceIds).toHaveLength(6);
    for (const traceId of traceIds) {
      const want = expected.filter((s) => s.traceId === traceId);
      const got = await waitForJaegerTrace(jaeger.queryUrl, traceId, want.length);
      expect(got.spans.map((s) => s.spanID).sort()).toEqual(want.map((s) => s.spanId).sort());
      expect(got.spans.map((s) => s.operationName).sort()).toEqual(want.map((s) => s.name).sort());
      // Times survive the trip (Jaeger keeps microseconds).
      for (const span of got.spans) {
        const source = want.find((s) => s.spanId === span.spanID)!;
        expect(span.startTime).toBe(Number(source.startNs / 1000n));
        expect(span.duration).toBe(Number(source.endNs / 1000n - source.startNs / 1000n));
      }
      const services = new Set(got.spans.map((s) => got.processes[s.processID]?.serviceName));
      expect([...services]).toEqual([want[0]!.service]);
      // Children point at the root.
      const root = want.find((s) => s.name.startsWith('invoke_agent'))!;
      for (const span of got.spans.filter((s) => s.spanID !== root.spanId)) {
        expect(span.references).toEqual([{ refType: 'CHILD_OF', traceID: traceId, spanID: root.spanId }]);
      }
    }

    // A few more polls of the directory: nothing is read twice.
    await sleep(1500);
    for (const traceId of traceIds) {
      const trace = await getJaegerTrace(jaeger.queryUrl, traceId);
      expect(trace?.spans).toHaveLength(expected.filter((s) => s.traceId === traceId).length);
    }
  });
});
