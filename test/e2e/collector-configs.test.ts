import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { replay } from '../../src/replay/replay.js';
import {
  COLLECTOR_CONFIG,
  printLogsOnFailure,
  startCollector,
  startJaeger,
  validateCollectorConfig,
  waitForJaegerTrace,
  type RunningJaeger,
} from '../support/backends/backends.js';
import { useE2eSuite } from '../support/backends/e2e-suite.js';
import { makeTraceLines } from '../support/spans/trace-lines.js';
import { startOtlpReceiver } from '../support/receivers/otlp-receiver.js';

/**
 * Every collector configuration shipped in collector-config/ is validated by
 * the real Collector, and the ones that move traces are started and shown to
 * deliver to Jaeger v2 (started from collector-config/jaeger-v2.yaml), or, for
 * Langfuse, to a loopback receiver at Langfuse's path. The Phoenix
 * configuration is shown to deliver to a real Phoenix in phoenix.test.ts.
 */
const { tempDir, backends: suiteBackends } = useE2eSuite('e2e: collector-config/ configurations');
let jaeger: RunningJaeger | undefined;
beforeAll(async () => {
  const backends = suiteBackends();
  if (backends) jaeger = await startJaeger(backends);
});

/** Files in collector-config/ that are not Collector configurations. */
const NOT_COLLECTOR = new Set(['jaeger-v2.yaml', 'tempo.yaml', 'prometheus.yaml', 'docker-compose.yaml', 'otelcol-builder.yaml']);
const collectorConfigs = [
  ...readdirSync(COLLECTOR_CONFIG).filter((f) => f.endsWith('.yaml') && !NOT_COLLECTOR.has(f)),
  ...readdirSync(join(COLLECTOR_CONFIG, 'gateway')).map((f) => `gateway/${f}`),
].sort();

/** Sends one freshly generated trace through `url` and waits for all its spans in Jaeger. */
async function sendAndFind(url: string, service: string): Promise<void> {
  const data = makeTraceLines({ traces: 1, spansPerTrace: 5, spansPerLine: 2, resource: { 'service.name': service } });
  const file = join(tempDir(), 'trace.jsonl');
  writeFileSync(file, data.lines.map((l) => `${l}\n`).join(''));
  const summary = await replay({ inputs: [file], endpoint: url });
  expect(summary).toMatchObject({ spans: 5, failed: 0 });
  const trace = await waitForJaegerTrace(jaeger!.queryUrl, data.traceIds[0]!, 5);
  expect(trace.spans.map((s) => s.spanID).sort()).toEqual(data.spans.map((s) => s.spanId).sort());
  expect(Object.values(trace.processes).map((p) => p.serviceName)).toContain(service);
}

describe('collector-config/', () => {
  it('has the documented configurations', () => {
    expect(collectorConfigs).toEqual([
      'agent-otel-metrics.yaml',
      'agent-otel-to-file.yaml',
      'agent-otel-to-jaeger.yaml',
      'agent-otel-to-langfuse.yaml',
      'agent-otel-to-phoenix.yaml',
      'agent-otel-to-tempo.yaml',
      'gateway/agent.yaml',
      'gateway/gateway.yaml',
      'replay-jsonl-dir.yaml',
    ]);
  });

  it.for(collectorConfigs)('otelcol validate %s (defaults, no variables set)', (config, ctx) => {
    const backends = suiteBackends();
    if (!backends) return ctx.skip();
    const result = validateCollectorConfig(backends, [join(COLLECTOR_CONFIG, config)]);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('validate really checks: a misspelt key fails', (ctx) => {
    const backends = suiteBackends();
    if (!backends) return ctx.skip();
    const text = readFileSync(join(COLLECTOR_CONFIG, 'agent-otel-to-jaeger.yaml'), 'utf8').replace('send_batch_size:', 'send_batch_sise:');
    const result = validateCollectorConfig(backends, [text]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('send_batch_sise');
  });

  it('agent-otel-to-jaeger.yaml and agent-otel-to-tempo.yaml combine (as docker-compose.yaml runs them)', (ctx) => {
    const backends = suiteBackends();
    if (!backends) return ctx.skip();
    const result = validateCollectorConfig(backends, [
      join(COLLECTOR_CONFIG, 'agent-otel-to-jaeger.yaml'),
      join(COLLECTOR_CONFIG, 'agent-otel-to-tempo.yaml'),
    ]);
    expect(result.code).toBe(0);
  });

  it('agent-otel-to-jaeger.yaml, agent-otel-to-tempo.yaml and agent-otel-metrics.yaml combine (as docker-compose.yaml runs them)', (ctx) => {
    const backends = suiteBackends();
    if (!backends) return ctx.skip();
    const result = validateCollectorConfig(
      backends,
      ['agent-otel-to-jaeger.yaml', 'agent-otel-to-tempo.yaml', 'agent-otel-metrics.yaml'].map((f) => join(COLLECTOR_CONFIG, f)),
    );
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('jaeger validate jaeger-v2.yaml', (ctx) => {
    const backends = suiteBackends();
    if (!backends) return ctx.skip();
    const result = spawnSync(backends.jaeger, ['validate', `--config=${join(COLLECTOR_CONFIG, 'jaeger-v2.yaml')}`], { encoding: 'utf8' });
    expect(result.status).toBe(0);
  });

  // [test name, configuration, variable naming the backend endpoint, service name of the trace sent]
  it.for([
    ['agent-otel-to-jaeger.yaml delivers to Jaeger', 'agent-otel-to-jaeger.yaml', 'JAEGER_OTLP_ENDPOINT', 'to-jaeger'],
    ['agent-otel-to-tempo.yaml delivers over OTLP/gRPC (to Jaeger standing in for Tempo)', 'agent-otel-to-tempo.yaml', 'TEMPO_OTLP_ENDPOINT', 'to-tempo'],
  ] as const)('%s', async ([, config, variable, service], ctx) => {
    const backends = suiteBackends();
    if (!backends || !jaeger) return ctx.skip();
    const collector = await startCollector(backends, `collector-config/${config}`, { [variable]: jaeger.otlpGrpcEndpoint });
    printLogsOnFailure(jaeger.process, collector.process);
    await sendAndFind(collector.otlpHttpUrl, service);
  });

  it('agent-otel-to-langfuse.yaml posts to <LANGFUSE_HOST>/api/public/otel/v1/traces with basic authentication from LANGFUSE_AUTH', async (ctx) => {
    const backends = suiteBackends();
    if (!backends) return ctx.skip();
    // A loopback OTLP receiver at Langfuse's path stands in for Langfuse.
    const langfuse = await startOtlpReceiver({ path: '/api/public/otel/v1/traces' });
    try {
      const auth = Buffer.from('pk-lf-test:sk-lf-test').toString('base64');
      const collector = await startCollector(backends, 'collector-config/agent-otel-to-langfuse.yaml', { LANGFUSE_HOST: langfuse.url, LANGFUSE_AUTH: auth });
      printLogsOnFailure(collector.process);
      const data = makeTraceLines({ traces: 1, spansPerTrace: 5, spansPerLine: 2, resource: { 'service.name': 'to-langfuse' } });
      const file = join(tempDir(), 'trace.jsonl');
      writeFileSync(file, data.lines.map((l) => `${l}\n`).join(''));
      expect(await replay({ inputs: [file], endpoint: collector.otlpHttpUrl })).toMatchObject({ spans: 5, failed: 0 });
      const deadline = Date.now() + 30_000;
      while (langfuse.acceptedSpans().length < 5 && Date.now() < deadline) await sleep(100);
      expect(langfuse.acceptedSpans().map((s) => s.spanId).sort()).toEqual(data.spans.map((s) => s.spanId).sort());
      for (const request of langfuse.requests) {
        expect(request.path).toBe('/api/public/otel/v1/traces');
        expect(request.headers.authorization).toBe(`Basic ${auth}`);
        expect(request.contentType).toBe('application/x-protobuf');
      }
    } finally {
      await langfuse.close();
    }
  });

  it('gateway/agent.yaml -> gateway/gateway.yaml -> Jaeger', async (ctx) => {
    const backends = suiteBackends();
    if (!backends || !jaeger) return ctx.skip();
    const gateway = await startCollector(backends, 'collector-config/gateway/gateway.yaml', {
      BACKEND_OTLP_ENDPOINT: jaeger.otlpGrpcEndpoint,
    });
    const agent = await startCollector(backends, 'collector-config/gateway/agent.yaml', {
      // The documented dns:/// form, resolving to the one gateway here.
      GATEWAY_OTLP_ENDPOINT: `dns:///${gateway.otlpGrpcEndpoint}`,
      GATEWAY_INSECURE: 'true',
    });
    printLogsOnFailure(jaeger.process, gateway.process, agent.process);
    await sendAndFind(agent.otlpHttpUrl, 'via-gateway');
  });

  it('docker-compose.yaml mounts only files that exist', () => {
    const compose = readFileSync(join(COLLECTOR_CONFIG, 'docker-compose.yaml'), 'utf8');
    const mounts = [...compose.matchAll(/^\s*- (\.\/[^:\s]+):/gm)].map((m) => m[1]!);
    expect(mounts.length).toBeGreaterThanOrEqual(6);
    for (const mount of mounts) expect(existsSync(join(COLLECTOR_CONFIG, mount)), mount).toBe(true);
  });
});
