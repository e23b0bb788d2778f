import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, onTestFailed } from 'vitest';
import { cacheDir, hasCommand, runInstallScript, skipLoudly, withDirLock } from './cached-install.js';

/**
 * The real trace backends for end-to-end tests: the OpenTelemetry Collector
 * built from collector-config/otelcol-builder.yaml and Jaeger v2, both built
 * from source by scripts/build-backends.sh (cached, keyed by version). Every
 * process listens on free loopback ports, logs to a file in a temp dir (printed
 * when a test fails) and is stopped in afterAll (SIGTERM, then SIGKILL).
 */

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const COLLECTOR_CONFIG = join(REPO, 'collector-config');

export interface Backends {
  /** The otelcol-agent-otel binary. */
  collector: string;
  /** The Jaeger v2 binary. */
  jaeger: string;
}

export type BackendsResult = { ok: true; backends: Backends } | { ok: false; reason: string };

const BUILD_SCRIPT = join(REPO, 'scripts/build-backends.sh');
const CACHE_DIR = cacheDir('backends', process.env.AGENT_OTEL_BACKENDS_DIR);

function readBackendsJson(dir: string): Backends | undefined {
  const file = join(dir, 'backends.json');
  if (!existsSync(file)) return undefined;
  const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<Backends>;
  if (typeof value.collector !== 'string' || typeof value.jaeger !== 'string') return undefined;
  if (!existsSync(value.collector) || !existsSync(value.jaeger)) return undefined;
  return { collector: value.collector, jaeger: value.jaeger };
}

let ensured: Promise<BackendsResult> | undefined;

/**
 * Builds (first run) or finds (later runs) the Collector and Jaeger binaries.
 * Runs scripts/build-backends.sh at most once per test process; the script
 * itself returns at once when its cache is warm. When Go is missing and
 * nothing is cached, the result says why, so the caller can skip.
 */
export function ensureBackends(): Promise<BackendsResult> {
  ensured ??= (async (): Promise<BackendsResult> => {
    if (!hasCommand('go', ['version'])) {
      const cached = readBackendsJson(CACHE_DIR);
      if (cached) return { ok: true, backends: cached };
      return { ok: false, reason: 'Go is not installed, so the OpenTelemetry Collector and Jaeger cannot be built' };
    }
    return withDirLock(CACHE_DIR, async () => {
      const started = Date.now();
      const run = await runInstallScript(BUILD_SCRIPT, REPO);
      if (run.code !== 0) return { ok: false, reason: `scripts/build-backends.sh failed (exit ${run.code}):\n${run.logTail}` };
      const dir = run.dir ?? CACHE_DIR;
      const backends = readBackendsJson(dir);
      if (!backends) return { ok: false, reason: `scripts/build-backends.sh printed ${dir} but no usable backends.json is there` };
      const seconds = (Date.now() - started) / 1000;
      if (seconds > 20) console.error(`[backends] built in ${seconds.toFixed(0)} s (cached for the next runs in ${dir})`);
      return { ok: true, backends };
    });
  })();
  return ensured;
}

/**
 * For a `beforeAll`: the backends, or undefined after a loud banner when they
 * cannot be had. With CI set, their absence fails the run instead.
 */
export async function backendsOrSkip(suite: string): Promise<Backends | undefined> {
  const result = await ensureBackends();
  if (result.ok) return result.backends;
  return skipLoudly(suite, 'the real Collector/Jaeger are', result.reason, 'Install Go and run: npm run backends');
}

/** Free TCP ports on 127.0.0.1 (listened on with port 0, then released; all held until every one is known). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      const server = createServer();
      return new Promise<ReturnType<typeof createServer>>((resolvePromise, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolvePromise(server));
      });
    }),
  );
  const ports = servers.map((s) => {
    const address = s.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return address.port;
  });
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}

/** A child process whose output goes to a log file. */
export class BackendProcess {
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    this.exited = new Promise((resolvePromise) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolvePromise();
      });
    });
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  describeExit(): string {
    return this.exitInfo ? `exited with ${this.exitInfo.signal ?? `code ${this.exitInfo.code}`}` : 'running';
  }

  logs(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

const running = new Set<BackendProcess>();
let logDir: string | undefined;
let failed = false;

function logsDir(): string {
  logDir ??= mkdtempSync(join(tmpdir(), 'agent-otel-e2e-'));
  return logDir;
}

/** A fresh folder for a backend's own files (a database, say), removed with the logs by `stopAll`. */
export function scratchDir(name: string): string {
  return mkdtempSync(join(logsDir(), `${name}-`));
}

// Last resort if a test process ends without afterAll (the children would outlive it).
process.once('exit', () => {
  for (const proc of running) if (proc.running) proc.child.kill('SIGKILL');
});

/** Stops every process started by this module; call from afterAll (see `useBackendCleanup`). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
  running.clear();
  if (logDir && !failed) rmSync(logDir, { recursive: true, force: true });
  else if (logDir) console.error(`[backends] logs kept in ${logDir}`);
  logDir = undefined;
}

/** Registers afterAll(stopAll) for the calling test file. */
export function useBackendCleanup(): void {
  afterAll(stopAll, 60_000);
}

/** Call inside a test: if it fails, the logs of these processes are printed. */
export function printLogsOnFailure(...procs: BackendProcess[]): void {
  onTestFailed(() => {
    failed = true;
    for (const proc of procs) {
      console.error(`\n----- ${proc.name} (${proc.describeExit()}), log ${proc.logFile} -----\n${tail(proc.logs(), 200)}`);
    }
  });
}

function tail(text: string, lines: number): string {
  return text.split('\n').slice(-lines).join('\n');
}

/**
 * Starts `binary` with `args` and `env` on top of this process's environment,
 * its output (stdout and stderr) in a log file; stopped by `stopAll`, its log
 * printed by `printLogsOnFailure`.
 */
export function launch(name: string, binary: string, args: string[], env: Record<string, string>): BackendProcess {
  const logFile = join(logsDir(), `${name}-${running.size}.log`);
  const fd = openSync(logFile, 'w');
  const child = spawn(binary, args, { env: { ...process.env, ...env }, stdio: ['ignore', fd, fd], cwd: logsDir() });
  closeSync(fd);
  const proc = new BackendProcess(name, child, logFile);
  running.add(proc);
  return proc;
}

/** Polls `probe` until it returns true; fails early (with the log) if the process exits. */
export async function waitUntil(proc: BackendProcess, what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!proc.running) {
      failed = true;
      throw new Error(`${proc.name} ${proc.describeExit()} before ${what}; log:\n${tail(proc.logs(), 60)}`);
    }
    if (await probe().catch(() => false)) return;
    await sleep(100);
  }
  failed = true;
  throw new Error(`${proc.name}: ${what} not reached within ${timeoutMs} ms; log:\n${tail(proc.logs(), 60)}`);
}

export async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await response.arrayBuffer();
  return response.ok;
}

/** A config given as YAML text is written to a file; a path is used as is. */
function configPath(config: string): string {
  if (!config.includes('\n')) return resolve(REPO, config);
  const file = join(logsDir(), `config-${Date.now()}-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, config);
  return file;
}

export interface RunningCollector {
  process: BackendProcess;
  /** OTLP/HTTP traces URL (`http://127.0.0.1:<port>/v1/traces`). */
  otlpHttpUrl: string;
  /** OTLP/gRPC `host:port`. */
  otlpGrpcEndpoint: string;
  /** Every variable the collector was started with (ports included). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** The variables the configs in collector-config/ read for the collector's own listeners, on free ports. */
export async function collectorPortEnv(): Promise<Record<string, string>> {
  const [grpc, http, health, metrics] = await freePorts(4);
  return {
    OTELCOL_OTLP_GRPC_ENDPOINT: `127.0.0.1:${grpc}`,
    OTELCOL_OTLP_HTTP_ENDPOINT: `127.0.0.1:${http}`,
    OTELCOL_HEALTH_ENDPOINT: `127.0.0.1:${health}`,
    OTELCOL_METRICS_PORT: String(metrics),
  };
}

/**
 * Starts the Collector with a config (YAML text, or a path relative to the
 * repository) and `vars` as environment. The OTELCOL_* listener variables are
 * set to free loopback ports unless `vars` sets them. Resolves once the
 * health_check extension answers 200.
 */
export async function startCollector(
  backends: Backends,
  config: string,
  vars: Record<string, string> = {},
  options: { timeoutMs?: number; configs?: string[] } = {},
): Promise<RunningCollector> {
  const env = { ...(await collectorPortEnv()), ...vars };
  const configs = [config, ...(options.configs ?? [])].map(configPath);
  const proc = launch('otelcol', backends.collector, configs.map((c) => `--config=${c}`), env);
  const health = `http://${env.OTELCOL_HEALTH_ENDPOINT}/`;
  await waitUntil(proc, 'health check OK', () => httpOk(health), options.timeoutMs ?? 30_000);
  return {
    process: proc,
    otlpHttpUrl: `http://${env.OTELCOL_OTLP_HTTP_ENDPOINT}/v1/traces`,
    otlpGrpcEndpoint: env.OTELCOL_OTLP_GRPC_ENDPOINT ?? '',
    env,
    stop: () => proc.stop(),
  };
}

/** `otelcol validate --config ...` with `vars` as environment. */
export function validateCollectorConfig(
  backends: Backends,
  configs: string[],
  vars: Record<string, string> = {},
): { code: number | null; output: string } {
  const result = spawnSync(backends.collector, ['validate', ...configs.map((c) => `--config=${configPath(c)}`)], {
    env: { ...process.env, ...vars },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

export interface RunningJaeger {
  process: BackendProcess;
  /** Base URL of the query service (UI and /api). */
  queryUrl: string;
  otlpGrpcEndpoint: string;
  otlpHttpUrl: string;
  stop(): Promise<void>;
}

/** Starts Jaeger v2 with collector-config/jaeger-v2.yaml (in-memory storage) on free ports; resolves when /api/services answers. */
export async function startJaeger(backends: Backends, options: { timeoutMs?: number } = {}): Promise<RunningJaeger> {
  const [grpc, http, query, queryGrpc, health] = await freePorts(5);
  const env = {
    JAEGER_OTLP_GRPC_ENDPOINT: `127.0.0.1:${grpc}`,
    JAEGER_OTLP_HTTP_ENDPOINT: `127.0.0.1:${http}`,
    JAEGER_QUERY_HTTP_ENDPOINT: `127.0.0.1:${query}`,
    JAEGER_QUERY_GRPC_ENDPOINT: `127.0.0.1:${queryGrpc}`,
    JAEGER_HEALTH_ENDPOINT: `127.0.0.1:${health}`,
  };
  const proc = launch('jaeger', backends.jaeger, [`--config=${join(COLLECTOR_CONFIG, 'jaeger-v2.yaml')}`], env);
  const queryUrl = `http://127.0.0.1:${query}`;
  await waitUntil(proc, '/api/services answering', () => httpOk(`${queryUrl}/api/services`), options.timeoutMs ?? 30_000);
  return {
    process: proc,
    queryUrl,
    otlpGrpcEndpoint: env.JAEGER_OTLP_GRPC_ENDPOINT,
    otlpHttpUrl: `http://${env.JAEGER_OTLP_HTTP_ENDPOINT}/v1/traces`,
    stop: () => proc.stop(),
  };
}

/** A span as Jaeger's HTTP API (/api/traces) returns it. */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: Array<{ refType: string; traceID: string; spanID: string }>;
  /** Microseconds since the epoch. */
  startTime: number;
  /** Microseconds. */
  duration: number;
  tags: Array<{ key: string; type: string; value: unknown }>;
  processID: string;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: Array<{ key: string; value: unknown }> }>;
}

/** GET /api/traces/<traceId>: the trace, or undefined while Jaeger does not have it. */
export async function getJaegerTrace(queryUrl: string, traceId: string): Promise<JaegerTrace | undefined> {
  const response = await fetch(`${queryUrl}/api/traces/${traceId}`, { signal: AbortSignal.timeout(5000) });
  const body = (await response.json().catch(() => undefined)) as { data?: JaegerTrace[] } | undefined;
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`GET /api/traces/${traceId}: HTTP ${response.status}`);
  return body?.data?.[0];
}

/**
 * Polls Jaeger until the trace has at least `expectedSpans` spans (bounded
 * wait), then returns it. On timeout the error says how many arrived.
 */
export async function waitForJaegerTrace(
  queryUrl: string,
  traceId: string,
  expectedSpans: number,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<JaegerTrace> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last: JaegerTrace | undefined;
  for (;;) {
    last = await getJaegerTrace(queryUrl, traceId).catch(() => last);
    if (last && last.spans.length >= expectedSpans) return last;
    if (Date.now() > deadline) {
      throw new Error(`trace ${traceId}: ${last?.spans.length ?? 0} of ${expectedSpans} spans in Jaeger after ${options.timeoutMs ?? 30_000} ms`);
    }
    await sleep(options.intervalMs ?? 250);
  }
}

/** Size of a file, 0 when it does not exist yet. */
export function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** Reads a text file, empty when it does not exist yet. */
export async function readIfExists(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => '');
}
