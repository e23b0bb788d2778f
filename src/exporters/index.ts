/**
 * Exporters: where finished spans go. A JSONL file exporter, an OTLP/HTTP
 * exporter (otlp-transformer's serialization on agent-otel's own undici
 * transport), and a fan-out that feeds several of them.
 * Every exporter keeps the SDK SpanExporter contract: `export` never throws
 * and reports failure as FAILED, FAILED after shutdown, `shutdown()` idempotent.
 */
export { exportSpans, failed, SUCCESS } from './export-result.js';
export { GuardedSpanExporter } from './guarded-exporter.js';

export { JsonlFileExporter, type JsonlExporterStats } from './jsonl/jsonl-file-exporter.js';
export {
  DEFAULT_JSONL_PATH,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_LINE_BYTES,
  JSONL_PATH_ENV,
  resolveJsonlSettings,
  type JsonlFileExporterOptions,
  type JsonlLayout,
  type JsonlSettings,
} from './jsonl/jsonl-options.js';
export { ATTR_FILE_CREATED, ATTR_FILE_ID, ATTR_TRUNCATED } from './jsonl/attribute-keys.js';
export { FILE_GLOB as JSONL_FILE_GLOB } from './jsonl/file-names.js';
export { encodeSpanLines, type SpanLines } from './jsonl/span-lines.js';

export {
  createOtlpTraceExporter,
  isOtlpConfigured,
  OtlpTraceExporter,
  type OtlpTraceExporterOptions,
} from './otlp/otlp-exporter.js';
export { DEFAULT_OTLP_PROTOCOL, OTLP_PROTOCOLS, resolveOtlpProtocol, type OtlpProtocol } from '../config/otlp-protocol.js';

export { ExportLeg, type ExportLegOptions, type ExportLegStats, type OverflowPolicy, type ShutdownAwareExporter } from './fanout/export-leg.js';
export { FanoutExporter } from './fanout/fanout-exporter.js';
export type { JournalEntry, LegJournal, UndeliveredReason } from './fanout/leg-journal.js';
export { FanoutExportError, type LegFailure } from './fanout/fanout-error.js';
