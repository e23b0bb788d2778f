import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { countSpanIds } from './files.mjs';
import { REPO } from './library.mjs';

/**
 * The real OpenTelemetry Collector (built by scripts/build-backends.sh, with
 * the otlp and otlpjsonfile receivers and the file exporter), started on free
 * loopback ports, plus a counter of the spans its file exporter has written.
 */

/** Collectors started by this process: killed if it exits without stopping them (a crash). */
const running = new Set();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

const CACHE = process.env.AGENT_OTEL_BACKENDS_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'agent-otel/backends');

/** The collector binary when scripts/build-backends.sh has built it, else undefined (nothing is built). */
export function builtCollector() {
  const file = join(CACHE, 'backends.json');
  if (!existsSync(file)) return undefined;
  const { collector } = JSON.parse(readFileSync(file, 'utf8'));
  return typeof collector === 'string' && existsSync(collector) ? collector : undefined;
}

/** The collector binary; builds the backends (Go required, first run only) when they are not cached. */
export function collectorBinary() {
  const fromJson = builtCollector;
  let binary = fromJson();
  if (!binary) {
    console.error('[collector] not cached; running scripts/build-backends.sh (needs Go; takes a few minutes once)');
    const built = spawnSync('bash', [join(REPO, 'scripts/build-backends.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`scripts/build-backends.sh failed (exit ${built.status}); the Collector benchmarks need it`);
    binary = fromJson();
  }
  if (!binary) throw new Error(`no collector in ${CACHE}/backends.json after building`);
  return binary;
}

async function freePorts(count) {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/**
 * A collector config: `receivers` is the YAML of the receivers section body
 * (indented 2 spaces) and `receiverNames` the pipeline's list. Spans go to a
 * file exporter writing OTLP/JSON lines to `output`, flushed every 100 ms.
 */
function config({ receivers, receiverNames, output, ports }) {
  return `extensions:
  health_check:
    endpoint: 127.0.0.1:${ports.health}
receivers:
${receivers}
exporters:
  file/out:
    path: ${output}
    format: json
    flush_interval: 100ms
service:
  extensions: [health_check]
  pipelines:
    traces:
      receivers: [${receiverNames.join(', ')}]
      exporters: [file/out]
  telemetry:
    logs:
      level: warn
    metrics:
      level: none
`;
}

export function otlpReceiver(ports) {
  return `  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${ports.http}
        max_request_body_size: 268435456`;
}

export function jsonFileReceiver(glob) {
  return `  otlp_json_file:
    include: [${JSON.stringify(glob)}]
    start_at: beginning
    poll_interval: 50ms`;
}

/**
 * Starts the collector. `receivers(ports)` returns `{ yaml, names }`.
 * Resolves when its health check answers; `stop()` ends it (SIGTERM, then SIGKILL).
 */
export async function startCollector({ workDir, output, receivers }) {
  const [http, health] = await freePorts(2);
  const ports = { http, health };
  const { yaml, names } = receivers(ports);
  const configFile = join(workDir, 'collector.yaml');
  writeFileSync(configFile, config({ receivers: yaml, receiverNames: names, output, ports }));
  const logFile = join(workDir, 'collector.log');
  const fd = openSync(logFile, 'w');
  const child = spawn(collectorBinary(), [`--config=${configFile}`], { stdio: ['ignore', fd, fd], cwd: workDir });
  closeSync(fd);
  running.add(child);
  let exited = false;
  const exit = new Promise((resolve) => child.once('exit', () => {
    exited = true;
    running.delete(child);
    resolve(undefined);
  }));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`collector exited at start; log:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
    const ok = await fetch(`http://127.0.0.1:${health}/`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`collector not healthy after 30 s; log:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
    }
    await sleep(50);
  }
  return {
    pid: child.pid,
    url: `http://127.0.0.1:${http}/v1/traces`,
    logFile,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Counts the spans appended to a file as it grows (the collector's file exporter output). */
export class SpanFileCounter {
  constructor(file) {
    this.file = file;
    this.offset = 0;
    this.carry = Buffer.alloc(0);
    this.count = 0;
  }

  async poll() {
    let handle;
    try {
      handle = await open(this.file, 'r');
    } catch {
      return this.count;
    }
    try {
      const buf = Buffer.allocUnsafe(4 << 20);
      for (;;) {
        const { bytesRead } = await handle.read(buf, 0, buf.length, this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        const data = this.carry.length ? Buffer.concat([this.carry, buf.subarray(0, bytesRead)]) : buf.subarray(0, bytesRead);
        const keep = 9;
        this.count += countSpanIds(data, 0, Math.max(0, data.length - keep));
        this.carry = Buffer.from(data.subarray(Math.max(0, data.length - keep)));
      }
    } finally {
      await handle.close();
    }
    return this.count;
  }

  /** Polls until `expected` spans are counted; returns the time (performance.now()) they were first all seen. */
  async waitFor(expected, { timeoutMs = 300_000, intervalMs = 20 } = {}) {
    const deadline = Date.now() + timeoutMs;
    while ((await this.poll()) < expected) {
      if (Date.now() > deadline) throw new Error(`only ${this.count} of ${expected} spans reached the collector output in ${timeoutMs} ms`);
      await sleep(intervalMs);
    }
    return performance.now();
  }
}
