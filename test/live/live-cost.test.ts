import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { PricesFileError } from '../../src/core/errors.js';
import { AgentTelemetry } from '../../src/live/agent-telemetry.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();

/** One model at $2 input and $10 output per million tokens. */
const TABLE = [{ id: 'acme', name: 'Acme', api_pattern: 'x', models: [{ id: 'acme-1', match: { equals: 'acme-1' }, prices: { input_mtok: 2, output_mtok: 10 } }] }];

describe('live API: cost', () => {
  it('keeps a costUsd the agent gives, and prices the other calls with the prices option', async () => {
    const prices = join(tempDir(), 'prices.json');
    writeFileSync(prices, JSON.stringify(TABLE));
    const memory = new InMemorySpanExporter();
    const telemetry = new AgentTelemetry({ exporter: memory, prices, flushOnExit: false, env: {} });
    const session = telemetry.startSession({ sessionId: 'live-cost', model: 'acme-1', provider: 'acme' });
    session.startModelCall({ model: 'acme-1' }).end({ responseId: 'r1', usage: { input: 3_000, output: 400 } });
    session.startModelCall({ model: 'acme-1' }).end({ responseId: 'r2', usage: { input: 10, output: 10 }, costUsd: 0.75 });
    session.end();
    // The in-memory exporter forgets its spans when shut down: read them after a flush.
    await telemetry.forceFlush();
    const chat = (id: string) => memory.getFinishedSpans().find((s) => s.attributes['gen_ai.response.id'] === id)!.attributes;
    expect([chat('r1')['gen_ai.usage.cost'], chat('r1')['gen_ai.usage.cost.source']]).toEqual([(3_000 * 2 + 400 * 10) / 1e6, 'local']);
    expect([chat('r2')['gen_ai.usage.cost'], chat('r2')['gen_ai.usage.cost.source']]).toEqual([0.75, 'provider']);
    expect(chat('r2')['agent_otel.usage.cost.local']).toBeCloseTo((10 * 2 + 10 * 10) / 1e6, 12);
    const root = memory.getFinishedSpans().find((s) => s.attributes['gen_ai.operation.name'] === 'invoke_agent')!.attributes;
    expect(root['agent_otel.usage.own.cost']).toBeCloseTo((3_000 * 2 + 400 * 10) / 1e6 + 0.75, 9);
    await telemetry.shutdown();
  });

  it('throws PricesFileError when the prices file cannot be used', () => {
    expect(() => new AgentTelemetry({ exporter: new InMemorySpanExporter(), prices: join(tempDir(), 'absent.json'), flushOnExit: false, env: {} })).toThrow(PricesFileError);
  });
});
