import { BindOnceFuture, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ExportFailedError, ShutdownError } from '../../errors.js';
import { failed, report, SUCCESS } from '../export-result.js';
import { resolveJsonlSettings, type JsonlFileExporterOptions, type JsonlLayout, type JsonlSettings } from './jsonl-options.js';
import { JsonlSink } from './jsonl-sink.js';
import { encodeSpanLines, type SpanLines } from './span-lines.js';

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
}

const noop = (): void => undefined;

/**
 * A SpanExporter that writes OTLP/JSON lines (one `TracesData` per line) to a
 * file or to a directory of size-rotated files; see JsonlFileExporterOptions.
 *
 * Batches are encoded when `export` is called and written one after the other
 * through a single queue, each as whole lines, so concurrent exports never
 * interleave. The result callback is called once the batch is in the file.
 */
export class JsonlFileExporter implements SpanExporter {
  /** The absolute file or directory path written to. */
  readonly path: string;
  private readonly _settings: JsonlSettings;
  private readonly _sink: JsonlSink;
  private readonly _shutdownOnce: BindOnceFuture<void>;
  private _queue: Promise<void> = Promise.resolve();
  private readonly _stats: Omit<JsonlExporterStats, 'files'> = {
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
      encoded = encodeSpanLines(spans, this._settings.maxLineBytes);
    } catch (error) {
      this._stats.failures += 1;
      this._stats.spansFailed += spans.length;
      report(resultCallback, failed(error));
      return;
    }
    void this._enqueue(() => this._write(encoded)).then((result) => report(resultCallback, result));
  }

  /** Resolves once every export accepted so far is in the file (and synced with `fsync`). */
  forceFlush(): Promise<void> {
    if (this._shutdownOnce.isCalled) return this._shutdownOnce.promise;
    return this._enqueue(() => this._sink.flush());
  }

  /** Writes what is queued, then closes the file. Safe to call more than once. */
  shutdown(): Promise<void> {
    return this._shutdownOnce.call();
  }

  /** `file` or `directory`; undefined until the first write when only the file system can tell. */
  get layout(): JsonlLayout | undefined {
    return this._settings.layout;
  }

  stats(): JsonlExporterStats {
    return { ...this._stats, files: this._sink.files.length };
  }

  /** The files opened or created so far, in order. */
  files(): string[] {
    return [...this._sink.files];
  }

  private _shutdown(): Promise<void> {
    return this._enqueue(() => this._sink.close());
  }

  private _enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this._queue.then(task);
    this._queue = run.then(noop, noop);
    return run;
  }

  private async _write(encoded: SpanLines): Promise<ExportResult> {
    try {
      if (encoded.lines.length > 0) this._stats.bytesWritten += await this._sink.append(encoded.lines);
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
