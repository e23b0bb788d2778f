/**
 * agent-otel: OpenTelemetry traces from AI agent sessions.
 *
 *   sources -> adapters -> canonical events -> mapper -> spans -> exporters (OTLP, JSONL)
 *                                                        JSONL -> replay -> OTLP
 *
 * This module only re-exports the public API.
 */

// The live API: instrument an agent.
export { AgentTelemetry, createAgentTelemetry, type AgentTelemetryOptions, type SessionOptions, type TelemetryStats } from './live/agent-telemetry.js';
export { LiveSession, type ToolCallOptions, type ModelCallOptions } from './live/live-session.js';
export type { ToolCallHandle, ToolCallEnd, ModelCallHandle, ModelCallEnd } from './live/handles.js';
export { getTelemetry, setTelemetry } from './live/global.js';

// Converting logs.
export { convert, type ConvertOptions } from './pipeline/convert.js';
export type { ConvertSummary } from './pipeline/convert-summary.js';
export { discover, type Discovery, type DiscoverOptions } from './adapters/discover.js';
export { adapters, adapterFor, formatNames } from './adapters/registry.js';
export { knownLocations, findLocations, type KnownLocation } from './adapters/locations.js';
export * from './adapters/adapter-kit.js';
export { Diagnostics, formatWarning, type Warning, type WarningSink } from './core/diagnostics.js';

// The canonical model.
export * from './model/events.js';
export { SessionMeta, GitInfo, ParentLink } from './model/session.js';
export { TokenUsage, normalizeUsage, type UsageTotals } from './model/usage.js';
export { ToolKind, inferToolKind } from './model/tool-kind.js';
export { parseTimestamp } from './model/time.js';

// Spans.
export { SpanMapper, type MapperOptions } from './spans/mapper.js';
export { SpanRecord } from './spans/span-record.js';
export { traceIdFor, spanIdFor } from './spans/ids.js';
export { ContentPolicy, type ContentOptions } from './spans/content.js';
export { resolveContentOptions } from './spans/content-config.js';
export { Redactor, DEFAULT_REDACTION_RULES, type RedactionRule } from './spans/redaction.js';
export { DEFAULT_SPAN_LIMITS, resolveSpanLimits, type LimitCounts, type SpanLimits } from './spans/span-limits.js';
export * as semconv from './spans/semconv.js';

// Exporters, and the one reading of the OTLP configuration they and replay share.
export * from './exporters/index.js';
export { createDualExporter, type DualExporterOptions, type LegSettings } from './sinks/dual-exporter.js';
export { resolveOtlpConfig, type OtlpConfig, type OtlpConfigDefaults, type OtlpConfigOptions } from './config/otlp-config.js';
export type { OtlpTls, OtlpTlsFiles } from './config/otlp-tls.js';

// What OTLP could not deliver, kept for later.
export { deliverPending, type DeliverPendingOptions, type PendingDeliverySummary } from './pending/deliver-pending.js';
export { PendingJournal, type PendingStats } from './pending/pending-journal.js';
export { PENDING_DIR, pendingDirFor } from './pending/pending-files.js';
export type { PendingOptions } from './pending/pending-options.js';
export type { DropReport } from './sinks/drop-report.js';

// Replay.
export * from './replay/index.js';

// Errors and the CLI.
export * from './core/errors.js';
export { NoTraceDataError, ReplayStoppedError } from './replay/replay-errors.js';
export { runCli } from './cli/run.js';
export { VERSION } from './core/version.js';
