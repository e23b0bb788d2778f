import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';

/**
 * The public API contract: every name `agent-otel` exports at run time. A
 * name added to or removed from src/index.ts is a change of the contract and
 * shows here; nothing becomes public by being added to an internal module,
 * because src/index.ts lists its exports by name.
 */
const PUBLIC_NAMES = [
    'ATTR_FILE_CREATED', 'ATTR_FILE_ID', 'ATTR_TRUNCATED', 'AgentEvent', 'AgentOtelError', 'AgentTelemetry',
    'CheckpointBusyError', 'Clock', 'CompactionEvent', 'ContentPolicy', 'CostEvent', 'DEFAULT_JSONL_PATH',
    'DEFAULT_MAX_BATCH_BYTES', 'DEFAULT_MAX_FILE_BYTES', 'DEFAULT_MAX_LINE_BYTES', 'DEFAULT_OTLP_PROTOCOL',
    'DEFAULT_REDACTION_RULES', 'DEFAULT_SPAN_LIMITS', 'Diagnostics', 'ErrorEvent', 'ExportFailedError', 'ExportLeg',
    'FanoutExportError', 'FanoutExporter', 'GitInfo', 'GuardedSpanExporter', 'HandoffEvent', 'HeartbeatEvent',
    'InputNotFoundError', 'InputUnreadableError', 'InvalidCheckpointError', 'InvalidConfigError', 'JSONL_FILE_GLOB',
    'JSONL_PATH_ENV', 'JsonlFileExporter', 'LifecycleEvent', 'LiveSession', 'MessageEvent', 'MessageRole',
    'ModelCallEvent', 'NoTraceDataError', 'OTLP_PROTOCOLS', 'OtlpTraceExporter', 'OutputFullError',
    'OutputNotFileError', 'OutputNotJsonlError', 'OutputReadOnlyError', 'OutputUnwritableError', 'PENDING_DIR',
    'ParentLink', 'PendingJournal', 'PermissionEvent', 'ReasoningEvent', 'Redactor', 'ReplayStoppedError', 'SUCCESS',
    'SessionEndEvent', 'SessionMeta', 'SessionOutcome', 'SessionStartEvent', 'ShutdownError', 'SourceRef',
    'SpanMapper', 'SpanRecord', 'StateChangeEvent', 'TokenUsage', 'ToolCallEvent', 'ToolKind', 'ToolResultEvent',
    'UnknownEvent', 'UnknownFormatError', 'UsageError', 'UsageLimitEvent', 'VERSION', 'adapterFor', 'adapters',
    'builtinAdapters', 'convert', 'createAgentTelemetry', 'createDualExporter', 'createOtlpTraceExporter',
    'definedFields', 'deliverPending', 'describeError', 'discover', 'encodeSpanLines', 'exactness', 'exportSpans',
    'failed', 'findLocations', 'formatNames', 'formatSummary', 'formatWarning', 'getTelemetry', 'groupByFolder',
    'hasFields', 'inferToolKind', 'isOtlpConfigured', 'isRecord', 'isRetryableStatus', 'knownLocations',
    'normalizeUsage', 'opt', 'optContent', 'optNumber', 'parseRecord', 'parseRetryAfter', 'parseTimestamp',
    'pendingDirFor', 'readJsonDocument', 'readJsonLines', 'readRecords', 'replay', 'reportMissingTime',
    'resolveContentOptions', 'resolveJsonlSettings', 'resolveOtlpConfig', 'resolveOtlpProtocol', 'resolveSpanLimits',
    'roundedTokenCount', 'runCli', 'semconv', 'setTelemetry', 'someFirstLine', 'spanIdFor', 'statusAction',
    'tokenCount', 'traceIdFor', 'watch', 'withUserAdapters', 'WatchBusyError',
    'BUNDLED_PRICES', 'loadPriceTable', 'resolvePriceTable', 'callCost', 'PricesFileError',
    'readSpans', 'report', 'reportCsv', 'REPORT_GROUPINGS',
    'view', 'TraceNotFoundError', 'AmbiguousTraceError',
    'instrument',
];

describe('the public API', () => {
  it('exports exactly the pinned names at run time', () => {
    expect(Object.keys(api).sort()).toEqual([...PUBLIC_NAMES].sort());
  });

  it('lists its exports by name: no wholesale re-export of a module', () => {
    const source = readFileSync(resolve(import.meta.dirname, '../../src/index.ts'), 'utf8');
    expect(source).not.toMatch(/^export \* from/m);
    expect(source).not.toMatch(/^export type \* from/m);
  });

  it('semconv, its one namespace export, holds attribute names only', () => {
    expect(Object.keys(api.semconv).length).toBeGreaterThan(0);
    for (const value of Object.values(api.semconv)) expect(typeof value).toBe('string');
  });
});
