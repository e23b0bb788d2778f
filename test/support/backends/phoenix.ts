import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePorts, httpOk, launch, REPO, scratchDir, waitUntil, type BackendProcess } from './backends.js';
import { cacheDir, runInstallScript, skipLoudly, withDirLock } from './cached-install.js';

/**
 * Arize Phoenix, an LLM-observability backend that takes OTLP traces, for end-to-end tests: installed by
 * scripts/install-phoenix.sh into a cached virtual environment, started with `phoenix serve` on free
 * loopback ports with its SQLite database in a scratch folder, telemetry and external resources off,
 * and stopped with the other backends by `stopAll` (useBackendCleanup).
 */

export interface PhoenixInstall {
  /** The environment's `phoenix` command. */
  phoenix: string;
  /** arize-phoenix's version. */
  version: string;
}

type PhoenixResult = { ok: true; install: PhoenixInstall } | { ok: false; reason: string };

const INSTALL_SCRIPT = join(REPO, 'scripts/install-phoenix.sh');
const CACHE_DIR = cacheDir('phoenix', process.env.AGENT_OTEL_PHOENIX_DIR);

function readPhoenixJson(dir: string): PhoenixInstall | undefined {
  const file = join(dir, 'phoenix.json');
  if (!existsSync(file)) return undefined;
  const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<PhoenixInstall>;
  if (typeof value.phoenix !== 'string' || typeof value.version !== 'string' || !existsSync(value.phoenix)) return undefined;
  return { phoenix: value.phoenix, version: value.version };
}

let ensured: Promise<PhoenixResult> | undefined;

/**
 * Installs (first run) or finds (later runs) Phoenix, running the install script at most once per test
 * process under the cache's lock; the script returns at once when its cache is warm. When the script
 * fails (no python3, no venv module, no package index), the result says why.
 */
export function ensurePhoenix(): Promise<PhoenixResult> {
  ensured ??= withDirLock(CACHE_DIR, async (): Promise<PhoenixResult> => {
    const started = Date.now();
    const run = await runInstallScript(INSTALL_SCRIPT, REPO);
    if (run.code !== 0) return { ok: false, reason: `scripts/install-phoenix.sh failed (exit ${run.code}):\n${run.logTail}` };
    const install = readPhoenixJson(CACHE_DIR);
    if (!install) return { ok: false, reason: `scripts/install-phoenix.sh printed ${run.dir} but no usable ${CACHE_DIR}/phoenix.json is there` };
    const seconds = (Date.now() - started) / 1000;
    if (seconds > 20) console.error(`[phoenix] installed in ${seconds.toFixed(0)} s (cached for the next runs in ${run.dir})`);
    return { ok: true, install };
  });
  return ensured;
}

/** For a `beforeAll`: Phoenix, or undefined after a loud banner when it cannot be had; with CI set, its absence fails the run. */
export async function phoenixOrSkip(suite: string): Promise<PhoenixInstall | undefined> {
  const result = await ensurePhoenix();
  if (result.ok) return result.install;
  return skipLoudly(suite, 'Arize Phoenix is', result.reason, 'Install Python 3.11+ with venv and run: npm run phoenix');
}

export interface RunningPhoenix {
  process: BackendProcess;
  /** Base URL of the UI, the REST API (/v1/...) and GraphQL (/graphql). */
  url: string;
  /** OTLP/HTTP traces URL (protobuf only). */
  otlpHttpUrl: string;
  /** OTLP/gRPC `host:port`. */
  otlpGrpcEndpoint: string;
  stop(): Promise<void>;
}

/** Starts `phoenix serve` on free loopback ports; resolves when /healthz answers 200. */
export async function startPhoenix(install: PhoenixInstall, options: { timeoutMs?: number } = {}): Promise<RunningPhoenix> {
  const [http, grpc] = await freePorts(2);
  const workingDir = scratchDir('phoenix');
  const env = {
    PHOENIX_HOST: '127.0.0.1',
    PHOENIX_PORT: String(http),
    PHOENIX_GRPC_PORT: String(grpc),
    PHOENIX_WORKING_DIR: workingDir,
    // A database of its own, whatever the caller's environment names.
    PHOENIX_SQL_DATABASE_URL: `sqlite:///${workingDir}/phoenix.db`,
    PHOENIX_TELEMETRY_ENABLED: 'false',
    PHOENIX_ALLOW_EXTERNAL_RESOURCES: 'false',
  };
  const proc = launch('phoenix', install.phoenix, ['serve'], env);
  const url = `http://127.0.0.1:${http}`;
  await waitUntil(proc, '/healthz answering', () => httpOk(`${url}/healthz`), options.timeoutMs ?? 120_000);
  return { process: proc, url, otlpHttpUrl: `${url}/v1/traces`, otlpGrpcEndpoint: `127.0.0.1:${grpc}`, stop: () => proc.stop() };
}
