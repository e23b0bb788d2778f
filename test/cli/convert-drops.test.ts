import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../support/runs/cli.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';
import { startOtlpReceiver, type OtlpReceiver } from '../support/receivers/otlp-receiver.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { spanIdsOfJsonl } from '../support/spans/trace-lines.js';

const tempDir = useTempDirs();
const EXAMPLES = resolve(import.meta.dirname, '../../examples/sessions');
const receivers: OtlpReceiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

describe('agent-otel convert reports what was cut, dropped or left pending', () => {
  it('prints the span-limit counts and the pending spans, and --json carries them', async () => {
    const down = await startOtlpReceiver();
    receivers.push(down);
    down.script(...Array.from({ length: 50 }, () => ({ status: 500 })));
    const out = join(tempDir(), 'traces');
    // No events kept at all: the examples' sessions have few (messages are attributes of the chat spans).
    const env = { OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '5', OTEL_SPAN_EVENT_COUNT_LIMIT: '0' };
    const text = await cli(['convert', EXAMPLES, '--out', out, '--endpoint', down.url], { env });
    expect(text.code).toBe(1);
    const spans = readJsonlSpans(out);
    const dropped = spans.reduce((n, s) => n + s.droppedAttributesCount, 0);
    const droppedEvents = spans.reduce((n, s) => n + s.droppedEventsCount, 0);
    expect(dropped).toBeGreaterThan(0);
    expect(droppedEvents).toBeGreaterThan(0);
    expect(text.stdout).toContain(`limits      ${dropped} attributes dropped, ${droppedEvents} events dropped`);
    const pendingDir = join(out, 'pending');
    const pendingIds = readdirSync(pendingDir)
      .filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) => spanIdsOfJsonl(readFileSync(join(pendingDir, f), 'utf8')));
    expect(pendingIds.sort()).toEqual(spans.map((s) => s.spanId).sort());
    expect(text.stdout).toContain(`pending     ${spans.length} spans not delivered over OTLP, kept in ${pendingDir} (agent-otel pending deliver)`);

    const up = await startOtlpReceiver();
    receivers.push(up);
    const json = await cli(['convert', EXAMPLES, '--out', join(tempDir(), 'again'), '--endpoint', up.url, '--json'], { env });
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout) as { drops: Record<string, unknown>; pending: { pending: number; journaled: number; delivered: number } };
    expect(summary.drops).toMatchObject({ attributesDropped: dropped, eventsDropped: droppedEvents, secretsRedacted: 0 });
    expect(summary.pending).toMatchObject({ pending: 0, journaled: spans.length, delivered: spans.length });
    expect(up.acceptedSpans()).toHaveLength(spans.length);
  });
});
