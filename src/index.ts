/**
 * agent-otel: OpenTelemetry traces from AI agent sessions.
 *
 *   sources -> adapters -> canonical events -> mapper -> spans -> exporters (OTLP, JSONL)
 *                                                        JSONL -> replay -> OTLP
 *
 * This module is the public API: every export is listed by name, so that
 * nothing becomes public by being added to an internal module.
 * test/architecture/public-api.test.ts pins the list.
 */

// The live API: instrument an agent.
export { AgentTelemetry, createAgentTelemetry, type AgentTelemetryOptions, type SessionOptions, type TelemetryStats } from './live/agent-telemetry.js';
export { LiveSession, type ToolCallOptions, type ModelCallOptions } from './live/live-session.js';
export type { ToolCallHandle, ToolCallEnd, ModelCallHandle, ModelCallEnd } from './live/handles.js';
export { getTelemetry, setTelemetry } from './live/global.js';
// Agents built on an SDK: `agent-otel/register` traces them; `instrument(module)` where load hooks cannot reach.
export { instrument, type InstrumentOptions } from './instrument/instrument.js';

// Converting logs.
export { convert, type ConvertOptions } from './pipeline/convert.js';
export type { ConvertSummary } from './pipeline/convert-summary.js';
export { watch, type WatchEvent, type WatchHandle, type WatchOptions, type WatchStats } from './watch/watch.js';
export { discover, type Discovery, type DiscoverOptions } from './adapters/discover.js';
export { adapters, adapterFor, formatNames } from './adapters/registry.js';
export { knownLocations, findLocations, type KnownLocation } from './adapters/locations.js';
// Writing an adapter of one's own: the helpers the built-in adapters use.
export type { Adapter, BuiltinFormat, FormatName, Probe, ReadContext, SourceUnit } from './adapters/adapter.js';
export { builtinAdapters, withUserAdapters } from './adapters/registry.js';
export { hasFields, type FieldKind } from './adapters/has-fields.js';
export { someFirstLine } from './adapters/probe.js';
export { groupByFolder } from './adapters/group-by-folder.js';
export { isRecord, readJsonLines, type JsonLine } from './core/json-lines.js';
export { readRecords, type NumberedRecord } from './adapters/read-records.js';
export { readJsonDocument, type UnreadableDocument } from './adapters/json-document.js';
export { parseRecord } from './adapters/record.js';
export { Clock, exactness, reportMissingTime, type Stamp } from './adapters/record-clock.js';
export { definedFields, opt, optNumber, optContent } from './adapters/optional-fields.js';
export { tokenCount, roundedTokenCount } from './adapters/token-counts.js';
// Warnings about the input, each naming its file and line.
export { Diagnostics, formatWarning, type Warning, type WarningSink } from './core/diagnostics.js';

// The canonical model.
export {
  AgentEvent,
  CompactionEvent,
  CostEvent,
  ErrorEvent,
  HandoffEvent,
  HeartbeatEvent,
  LifecycleEvent,
  MessageEvent,
  MessageRole,
  ModelCallEvent,
  PermissionEvent,
  ReasoningEvent,
  SessionEndEvent,
  SessionOutcome,
  SessionStartEvent,
  SourceRef,
  StateChangeEvent,
  ToolCallEvent,
  ToolResultEvent,
  UnknownEvent,
  UsageLimitEvent,
  type AgentEventType,
  type EventOf,
} from './model/events.js';
export { SessionMeta, GitInfo, ParentLink } from './model/session.js';
export { TokenUsage, normalizeUsage, type UsageTotals } from './model/usage.js';
export { ToolKind, inferToolKind } from './model/tool-kind.js';
export { parseTimestamp } from './model/time.js';

// Spans.
export { SpanMapper, type MapperOptions } from './spans/mapper.js';
// Cost: the price table (bundled, or a file in genai-prices' format) and the cost of one call.
export { BUNDLED_PRICES, loadPriceTable, resolvePriceTable, type PriceTable } from './cost/price-table.js';
export { callCost, type CallCost, type CallToPrice } from './cost/call-cost.js';
export type { CostGroup, CostSummary } from './spans/cost-tally.js';
export { SpanRecord } from './spans/span-record.js';
export { traceIdFor, spanIdFor } from './spans/ids.js';
export { ContentPolicy, type ContentOptions } from './spans/content.js';
export { resolveContentOptions } from './spans/content-config.js';
export { Redactor, DEFAULT_REDACTION_RULES, type RedactionRule } from './spans/redaction.js';
export { DEFAULT_SPAN_LIMITS, resolveSpanLimits, type LimitCounts, type SpanLimits } from './spans/span-limits.js';
export * as semconv from './spans/semconv.js';

// Exporters. The SpanExporter contract's helpers, and a guard that keeps any exporter to it.
export { exportSpans, failed, SUCCESS } from './exporters/export-result.js';
export { GuardedSpanExporter } from './exporters/guarded-exporter.js';
// The JSONL file exporter.
export { JsonlFileExporter, type JsonlExporterStats } from './exporters/jsonl/jsonl-file-exporter.js';
export {
  DEFAULT_JSONL_PATH,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_LINE_BYTES,
  JSONL_PATH_ENV,
  resolveJsonlSettings,
  type JsonlFileExporterOptions,
  type JsonlLayout,
  type JsonlSettings,
} from './exporters/jsonl/jsonl-options.js';
export { ATTR_FILE_CREATED, ATTR_FILE_ID, ATTR_TRUNCATED } from './exporters/jsonl/attribute-keys.js';
export { FILE_GLOB as JSONL_FILE_GLOB } from './exporters/jsonl/file-names.js';
export { encodeSpanLines, type SpanLines } from './exporters/jsonl/span-lines.js';
// The OTLP/HTTP exporter.
export { createOtlpTraceExporter, isOtlpConfigured, OtlpTraceExporter, type OtlpTraceExporterOptions } from './exporters/otlp/otlp-exporter.js';
export { DEFAULT_OTLP_PROTOCOL, OTLP_PROTOCOLS, resolveOtlpProtocol, type OtlpProtocol } from './config/otlp-protocol.js';
// Fanning out to several exporters, each behind its own queue.
export { ExportLeg, type ExportLegOptions, type ExportLegStats, type OverflowPolicy, type ShutdownAwareExporter } from './exporters/fanout/export-leg.js';
export { FanoutExporter } from './exporters/fanout/fanout-exporter.js';
export type { JournalEntry, LegJournal, UndeliveredReason } from './exporters/fanout/leg-journal.js';
export { FanoutExportError, type LegFailure } from './exporters/fanout/fanout-error.js';
// JSONL and OTLP in one exporter, and the one reading of the OTLP configuration the exporters and replay share.
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
export { replay } from './replay/replay.js';
export { DEFAULT_MAX_BATCH_BYTES, type BatchEvent, type ReplayOptions } from './replay/replay-options.js';
export { formatSummary, type ReplaySummary } from './replay/summary.js';
export { isRetryableStatus, statusAction, type StatusAction } from './exporters/otlp/retryable.js';
export { parseRetryAfter } from './exporters/otlp/retry-after.js';

// Spans read back from JSONL or raw logs.
export { readSpans, type ReadSpansOptions } from './traces/read-spans.js';
export type { ReadSummary, TraceAttributes, TraceSpan, TraceSpanEvent, TraceSpanKind, TraceStatusCode, TraceValue } from './traces/trace-span.js';
// A trace as a self-contained HTML page (waterfall, details), and an index of traces.
export { view, type ViewOptions, type ViewPage, type ViewResult } from './view/view.js';
export { AmbiguousTraceError, TraceNotFoundError } from './view/view-errors.js';

// Reports.
export { report, type ReportOptions, type ReportResult } from './report/report.js';
export { REPORT_GROUPINGS, type ReportGrouping } from './report/report-aggregator.js';
export { reportCsv } from './report/report-csv.js';
export type { ReportRow } from './report/report-row.js';

// Errors and the CLI.
export {
  AgentOtelError,
  CheckpointBusyError,
  ExportFailedError,
  InputNotFoundError,
  InputUnreadableError,
  InvalidCheckpointError,
  InvalidConfigError,
  OutputFullError,
  OutputNotFileError,
  OutputNotJsonlError,
  OutputReadOnlyError,
  OutputUnwritableError,
  PricesFileError,
  ShutdownError,
  UnknownFormatError,
  UsageError,
  WatchBusyError,
  describeError,
} from './core/errors.js';
export { NoTraceDataError, ReplayStoppedError } from './replay/replay-errors.js';
export { runCli } from './cli/run.js';
export { VERSION } from './core/version.js';
