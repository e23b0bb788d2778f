import { diag } from '@opentelemetry/api';
import { BindOnceFuture } from '@opentelemetry/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { randomUUID } from 'node:crypto';
import { parseKeyValueList, readBoolean, readString } from '../config/env.js';
import type { AgentEvent } from '../model/events.js';
import type { SessionMeta } from '../model/session.js';
import { resolveContentOptions } from '../spans/content-config.js';
import { SpanMapper } from '../spans/mapper.js';
import { onProcessExit } from './exit-hooks.js';
import { createDualExporter } from '../sinks/dual-exporter.js';
import type { ExportLegStats } from '../exporters/fanout/export-leg.js';
import { SessionOptionsArgument } from './arguments.js';
import { checkArgument, describeValue } from './check-fields.js';
import { unknownOptionKeys } from './option-keys.js';
import { LiveSession, type EventSink } from './live-session.js';
import { keepAliveUntil } from '../core/keep-alive.js';
import { liveOtlpExporter, liveOtlpLeg } from './otlp-leg.js';
import { SpanBatcher } from './span-batcher.js';
import type { AgentTelemetryOptions } from './telemetry-options.js';
import type { FanoutExporter } from '../exporters/fanout/fanout-exporter.js';
import { dropReport, pendingStats, type DropReport } from '../sinks/drop-report.js';
import type { PendingStats } from '../pending/pending-journal.js';

export type { AgentTelemetryOptions };

export type SessionOptions = Partial<Omit<SessionMeta, 'agent'>> & {
  /** The session's id (default: a random UUID). Same agent + id = same trace id. */
  sessionId?: string;
  /** The agent, for the trace id (default: the service name). */
  agent?: string;
};

export interface TelemetryStats {
  /** Sessions, spans, tool calls, failures, ... as the mapper counted them. */
  spans: Record<string, number>;
  /** Per sink: exported, failed, dropped, pending. */
  sinks: Record<string, ExportLegStats>;
  /** Secrets redacted and values truncated in captured content. */
  content: { redacted: number; truncated: number };
  /** Everything cut, dropped or redacted on the way out: span limits, content, JSONL line cap, full queues. */
  drops: DropReport;
  /** What OTLP has not delivered, kept in the pending folder for later (when the OTLP leg has a journal). */
  pending?: PendingStats;
  /** Calls into the API that were rejected (bad arguments), and the last reason. */
  rejected: number;
  lastError?: string;
}

/** Each telemetry's way to count a rejected call; see rejectCall. */
const rejectors = new WeakMap<AgentTelemetry, (reason: string) => void>();

/**
 * The live API: an agent records its sessions, model calls and tool calls,
 * and they leave as spans through the same mapper as converted logs. With no
 * configuration at all, spans go to JSONL files in ./agent-otel-traces/, and
 * over OTLP too when an OTEL_EXPORTER_OTLP_*ENDPOINT is set.
 */
export class AgentTelemetry {
  readonly serviceName: string;
  private readonly mapper: SpanMapper;
  private readonly exporter: SpanExporter;
  private readonly batcher: SpanBatcher;
  private readonly sessions = new Map<string, LiveSession>();
  private readonly removeExitHooks: () => void;
  private readonly shutdownOnce: BindOnceFuture<void>;
  private rejected = 0;
  private lastError: string | undefined;
  private readonly sink: EventSink;

  constructor(given: AgentTelemetryOptions = {}) {
    const options: AgentTelemetryOptions = typeof given === 'object' && given !== null ? given : {};
    const env = options.env ?? process.env;
    this.serviceName = readString(options.serviceName, 'OTEL_SERVICE_NAME', 'agent', env);
    const resourceAttributes = { ...parseKeyValueList(env.OTEL_RESOURCE_ATTRIBUTES, 'OTEL_RESOURCE_ATTRIBUTES'), ...options.resourceAttributes };
    this.mapper = new SpanMapper({
      serviceName: this.serviceName,
      resourceAttributes,
      format: 'live',
      content: resolveContentOptions(options.content, env),
      prices: options.prices,
      env,
      warn: (w) => this.fail(w.message),
    });
    // The OTLP leg drops (and counts, and journals) when its queue is full; the JSONL leg never drops:
    // its exporter writes on the caller's stack when its buffer is full (see JsonlFileExporter).
    this.exporter =
      options.exporter ??
      createDualExporter({
        jsonl: options.jsonl,
        otlp: liveOtlpExporter(options.otlp, env),
        env,
        otlpLeg: liveOtlpLeg(options, env),
        pending: options.pending,
      });
    this.batcher = new SpanBatcher(this.exporter, { ...options.batch, env, onError: (e) => this.fail(e.message) });
    this.shutdownOnce = new BindOnceFuture(this.doShutdown, this);
    rejectors.set(this, (reason) => this.fail(reason));
    this.sink = {
      emit: (event) => this.push(event),
      close: (sessionId) => this.closeSession(sessionId),
      now: () => performance.timeOrigin + performance.now(),
      reject: (reason) => this.fail(reason),
    };
    this.removeExitHooks = onProcessExit(() => this.shutdown(), {
      beforeExit: options.flushOnExit ?? true,
      signals: readBoolean(options.handleSignals, 'AGENT_OTEL_HANDLE_SIGNALS', false, env),
    });
    // Said once, here: a misspelt option would otherwise be ignored without a word.
    if (options !== given) this.fail(`options: expected an object, got ${describeValue(given)}; the defaults apply`);
    const unknown = unknownOptionKeys(options);
    if (unknown.length > 0) this.fail(`unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ignored`);
  }

  /** Starts a session: the root span of a new trace (or of a subagent, with `parent`). Bad options are left out and counted. */
  startSession(options?: SessionOptions): LiveSession {
    const { sessionId: givenId, agent, ...meta } = checkArgument(SessionOptionsArgument, options, 'startSession options', this.sink.reject);
    const sessionId = givenId ?? randomUUID();
    const existing = this.sessions.get(sessionId);
    if (existing) return existing;
    const session = new LiveSession(sessionId, this.sink);
    if (this.shutdownOnce.isCalled) {
      this.fail('startSession after shutdown; the session is not recorded');
      session.end();
      return session;
    }
    this.sessions.set(sessionId, session);
    this.push({ type: 'session.start', sessionId, time: this.sink.now(), meta: { ...meta, agent: agent ?? this.serviceName } });
    return session;
  }

  /**
   * Sends what is buffered to every sink and waits for it, keeping the
   * process alive meanwhile: OTLP requests in flight do not (see
   * `liveOtlpExporter`), and a program may await this at its top level.
   */
  forceFlush(): Promise<void> {
    return keepAliveUntil(
      (async () => {
        await this.batcher.flush();
        await this.exporter.forceFlush?.();
      })(),
    );
  }

  /**
   * Ends every open session (its open calls marked interrupted), flushes both
   * sinks and closes them, keeping the process alive meanwhile (the OTLP
   * sink's part is bounded by its shutdown deadline). Safe to call more than once.
   */
  shutdown(): Promise<void> {
    return keepAliveUntil(this.shutdownOnce.call());
  }

  stats(): TelemetryStats {
    const sinks = 'stats' in this.exporter && typeof this.exporter.stats === 'function' ? (this.exporter as FanoutExporter).stats() : {};
    const { content } = this.mapper;
    const pending = pendingStats(this.exporter);
    return {
      spans: this.mapper.stats.toJSON(),
      sinks,
      content: { redacted: content.redacted, truncated: content.truncated },
      drops: dropReport(this.mapper.stats, content, this.exporter),
      ...(pending ? { pending } : {}),
      rejected: this.rejected,
      lastError: this.lastError,
    };
  }

  private async doShutdown(): Promise<void> {
    this.removeExitHooks();
    for (const session of this.sessions.values()) {
      if (!session.isEnded) session.end({ outcome: 'interrupted', reason: 'shutdown' });
    }
    this.batcher.add(this.mapper.finish());
    // Everything buffered goes to the sinks now; their shutdown then waits for it, the OTLP leg only up to its deadline.
    const handedOver = this.batcher.flush();
    await this.exporter.shutdown();
    await handedOver;
  }

  private push(event: AgentEvent): void {
    if (this.shutdownOnce.isCalled && event.type !== 'session.end') return;
    try {
      this.batcher.add(this.mapper.push(event));
    } catch (error) {
      this.fail(`event ${event.type} rejected: ${(error as Error).message}`);
    }
  }

  private closeSession(sessionId: string): void {
    this.sessions.delete(sessionId);
    try {
      this.batcher.add(this.mapper.closeSession(sessionId));
    } catch (error) {
      this.fail(`closing session ${sessionId} failed: ${(error as Error).message}`);
    }
  }

  private fail(message: string): void {
    this.rejected++;
    this.lastError = message;
    diag.warn(`agent-otel: ${message}`);
  }
}

/** Creates the live telemetry; see AgentTelemetryOptions for the defaults. */
export function createAgentTelemetry(options: AgentTelemetryOptions = {}): AgentTelemetry {
  return new AgentTelemetry(options);
}

/** Counts a call rejected outside the class (getTelemetry's ignored options) the way the telemetry counts its own. */
export function rejectCall(telemetry: AgentTelemetry, reason: string): void {
  rejectors.get(telemetry)?.(reason);
}
