import { BindOnceFuture, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ExportFailedError, ShutdownError } from '../../core/errors.js';
import { offExitSync, onExitSync } from '../exit-flush.js';
import { failed, report, SUCCESS } from '../export-result.js';
import { resolveJsonlSettings, type JsonlFileExporterOptions, type JsonlLayout, type JsonlSettings } from './jsonl-options.js';
import { JsonlSink } from './jsonl-sink.js';
import { takeOrEncode } from './shared-lines.js';
import type { SpanLines } from './span-lines.js';

export interface JsonlExporterStats {
  /** Spans in lines written to a file. */
  spansWritten: number;
  /** Spans among them that were shrunk to fit one line (`agent_otel.truncated=true`). */
  spansTruncated: number;
  /** Spans left out because they could not fit in one line even when shrunk. */
  spansDropped: number;
  /** Spans not written because the file could not be written. */
  spansFailed: number;
  /** Lines of spans written (file headers not included). */
  linesWritten: number;
  /** Bytes written, headers and repairs included. */
  bytesWritten: number;
  /** Files opened or created. */
  files: number;
  /** Exports that reported FAILED. */
  failures: number;
  /** Spans taken and not written yet (at most about WRITE_AT_BYTES of lines). */
  spansBuffered: number;
}

/** Buffered lines are written at once (on the caller's stack) when they reach this size: the memory bound. */
export const WRITE_AT_BYTES = 1024 * 1024;

interface Pending {
  encoded: SpanLines;
  done: (result: ExportResult) => void;
}

/**
 * A SpanExporter that writes OTLP/JSON lines (one `TracesData` per line) to a
 * file or to a directory of size-rotated files; see JsonlFileExporterOptions.
 *
 * `export` encodes the batch at once and buffers its lines; the buffer is
 * written synchronously in the next turn of the event loop, or at once when it
 * reaches WRITE_AT_BYTES (back-pressure: the caller waits for the disk, so
 * memory stays bounded and nothing is ever dropped), and on process `exit`
 * (also after `process.exit()`). Writes never interleave. The result callback
 * is called once the batch is in the file.
 */
export class JsonlFileExporter implements SpanExporter {
  /** The absolute file or directory path written to. */
  readonly path: string;
  private readonly _settings: JsonlSettings;
  private readonly _sink: JsonlSink;
  private readonly _shutdownOnce: BindOnceFuture<void>;
  private _buffer: Pending[] = [];
  private _bufferBytes = 0;
  private _scheduled: NodeJS.Immediate | undefined;
  private readonly _stats: Omit<JsonlExporterStats, 'files' | 'spansBuffered'> = {
    spansWritten: 0,
    spansTruncated: 0,
    spansDropped: 0,
    spansFailed: 0,
    linesWritten: 0,
    bytesWritten: 0,
    failures: 0,
  };

  constructor(options: JsonlFileExporterOptions = {}) {
    this._settings = resolveJsonlSettings(options);
    this.path = this._settings.path;
    this._sink = new JsonlSink(this._settings);
    this._shutdownOnce = new BindOnceFuture(this._shutdown, this);
    onExitSync(this, (exporter) => exporter._writeBuffered());
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this._shutdownOnce.isCalled) {
      this._stats.failures += 1;
      report(resultCallback, failed(new ShutdownError('JSONL exporter: export called after shutdown')));
      return;
    }
    if (spans.length === 0) {
      report(resultCallback, SUCCESS);
      return;
    }
    let encoded: SpanLines;
    try {
      encoded = takeOrEncode(spans, this._settings.maxLineBytes);
    } catch (error) {
      this._stats.failures += 1;
      this._stats.spansFailed += spans.length;
      report(resultCallback, failed(error));
      return;
    }
    this._buffer.push({ encoded, done: resultCallback });
    this._bufferBytes += encoded.bytes;
    if (this._bufferBytes >= WRITE_AT_BYTES) this._writeBuffered();
    // Not unref'd: an unref'd immediate does not wake a loop waiting for I/O, so it could wait for ever.
    else this._scheduled ??= setImmediate(() => this._writeBuffered());
  }

  /** Writes what is buffered (synced with `fsync`). */
  forceFlush(): Promise<void> {
    if (this._shutdownOnce.isCalled) return this._shutdownOnce.promise;
    try {
      this._writeBuffered();
      this._sink.flush();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Writes what is buffered, then closes the file. Safe to call more than once. */
  shutdown(): Promise<void> {
    return this._shutdownOnce.call();
  }

  /** The longest line written, newline included. */
  get maxLineBytes(): number {
    return this._settings.maxLineBytes;
  }

  /** `file` or `directory`; undefined until the first write when only the file system can tell. */
  get layout(): JsonlLayout | undefined {
    return this._settings.layout;
  }

  stats(): JsonlExporterStats {
    const spansBuffered = this._buffer.reduce((n, { encoded }) => n + encoded.spans + encoded.dropped, 0);
    return { ...this._stats, files: this._sink.files.length, spansBuffered };
  }

  /** The files written so far, in order. */
  files(): string[] {
    return [...this._sink.files];
  }

  private async _shutdown(): Promise<void> {
    offExitSync(this);
    this._writeBuffered();
    this._sink.close();
  }

  /** Writes every buffered batch, one append each, and reports each result. Synchronous. */
  private _writeBuffered(): void {
    if (this._scheduled) {
      clearImmediate(this._scheduled);
      this._scheduled = undefined;
    }
    const batches = this._buffer;
    this._buffer = [];
    this._bufferBytes = 0;
    for (const { encoded, done } of batches) report(done, this._write(encoded));
  }

  private _write(encoded: SpanLines): ExportResult {
    try {
      if (encoded.lines.length > 0) this._stats.bytesWritten += this._sink.append(encoded.lines);
    } catch (error) {
      this._stats.failures += 1;
      this._stats.spansFailed += encoded.spans + encoded.dropped;
      return failed(error);
    }
    this._stats.linesWritten += encoded.lines.length;
    this._stats.spansWritten += encoded.spans;
    this._stats.spansTruncated += encoded.truncated;
    if (encoded.dropped === 0) return SUCCESS;
    this._stats.spansDropped += encoded.dropped;
    this._stats.failures += 1;
    return failed(
      new ExportFailedError(
        `JSONL exporter: ${encoded.dropped} span(s) dropped: larger than maxLineBytes (${this._settings.maxLineBytes}) even without attributes, events and links`,
      ),
    );
  }
}
