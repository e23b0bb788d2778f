import type { Env } from '../config/env.js';
import { DEFAULT_TRACES_URL } from '../config/otlp-endpoint.js';
import { resolveOtlpConfig } from '../config/otlp-config.js';
import type { JsonlFileExporter } from '../exporters/jsonl/jsonl-file-exporter.js';
import type { OtlpTraceExporterOptions } from '../exporters/otlp/otlp-exporter.js';
import type { DeliverPendingOptions } from './deliver-pending.js';
import { pendingDirFor } from './pending-files.js';
import { PendingJournal } from './pending-journal.js';

/** Where spans that OTLP could not deliver are kept, and when they are delivered later. */
export interface PendingOptions {
  /** The pending folder. Default: `pending/` in the JSONL output folder (none without a JSONL file output). */
  path?: string;
  /** Deliver earlier runs' pending spans in the background when the exporter starts (default true). */
  deliverOnStart?: boolean;
  /** Longest time that start-up delivery may take (default 60 s). */
  deliverTimeoutMillis?: number;
  /** How long shutdown lets a start-up delivery still running go on before it stops it (default 1500 ms). */
  deliverGraceMillis?: number;
}

/**
 * Where the OTLP exporter configured by `otlp` and `env` sends, as replay
 * takes it: the one resolution of the OTLP configuration (URL, headers,
 * compression, timeout, TLS), so pending spans go where, and the way, the
 * exporter sends. Header values are secrets; they are only ever sent, never printed.
 */
export function pendingDestination(
  otlp: OtlpTraceExporterOptions,
  env: Env,
): Pick<DeliverPendingOptions, 'endpoint' | 'headers' | 'gzip' | 'tls' | 'retryRefused'> {
  const config = resolveOtlpConfig(otlp, env, { url: DEFAULT_TRACES_URL });
  return {
    endpoint: config.url ?? DEFAULT_TRACES_URL,
    headers: config.headers,
    gzip: config.compression === 'gzip',
    tls: config.tls,
    // In the background of a run: a collector that is still down is left for the next start, not waited for.
    retryRefused: false,
  };
}

export interface PendingJournalSetup {
  pending: PendingOptions | false | undefined;
  /** The JSONL output, when it is agent-otel's file exporter (its folder holds `pending/`). */
  jsonl: JsonlFileExporter | undefined;
  /** The OTLP options, when agent-otel creates the OTLP exporter (a ready exporter's endpoint is unknown: no start-up delivery). */
  otlp: OtlpTraceExporterOptions | undefined;
  env: Env;
}

/** The OTLP leg's pending journal, or undefined when there is no folder for it. */
export function createPendingJournal(setup: PendingJournalSetup): PendingJournal | undefined {
  const { pending = {}, jsonl, otlp, env } = setup;
  if (pending === false) return undefined;
  const dir = pending.path ?? (jsonl ? pendingDirFor(jsonl.path, jsonl.layout) : undefined);
  if (dir === undefined) return undefined;
  return new PendingJournal({
    dir,
    // The JSONL leg writes the same batches next, with the same lines: encoded once, for both.
    ...(jsonl ? { maxLineBytes: jsonl.maxLineBytes, shareLines: true } : {}),
    deliverEarlier: pending.deliverOnStart !== false && otlp ? pendingDestination(otlp, env) : undefined,
    deliverTimeoutMillis: pending.deliverTimeoutMillis,
    deliverGraceMillis: pending.deliverGraceMillis,
  });
}
