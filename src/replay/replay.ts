import { stat } from 'node:fs/promises';
import { Diagnostics, type Warning } from '../adapters/diagnostics.js';
import { readLines } from '../adapters/line-reader.js';
import { describeError, ReplayStoppedError } from '../errors.js';
import { AckTracker } from './ack-tracker.js';
import { batchBody, BatchBuilder, type Batch, type FilePosition } from './batch-builder.js';
import { Checkpoint, defaultCheckpointPath } from './checkpoint.js';
import { expandInputs } from './input-files.js';
import { scanLatestEnd } from './latest-end-scan.js';
import { Limiter } from './limiter.js';
import { displayEndpoint, OtlpHttpTransport } from './otlp-http-transport.js';
import { ProgressBar } from './progress-bar.js';
import { nowNanos, parseKeepingNanos, rebaseShift, shiftTimes } from './rebase-time.js';
import { resolveReplayOptions, type ReplayOptions } from './replay-options.js';
import { sendWithRetry, type SendOutcome } from './retrying-send.js';
import { emptySummary, type ReplaySummary } from './summary.js';
import { parseTraceLine } from './trace-line.js';

type Stop = Extract<SendOutcome, { kind: 'stopped' }>;

/**
 * Streams OTLP/JSON lines (`TracesData` per line) from files into an
 * OTLP/HTTP endpoint: byte-bounded batches, parallel requests, gzip, retries
 * on 429/502/503/504 only, partial success reported, optional time rebasing
 * and a resume checkpoint. Memory stays bounded by the longest line plus
 * `concurrency + 1` batches, whatever the size of the input.
 *
 * Resolves with the summary when all input was read and every batch got a
 * final answer; rejects with `ReplayStoppedError` (carrying the summary so far)
 * when it had to stop early. Acknowledged progress is in the checkpoint either way.
 */
export async function replay(options: ReplayOptions): Promise<ReplaySummary> {
  const started = Date.now();
  const cfg = resolveReplayOptions(options);
  const summary = emptySummary(cfg.dryRun);
  const progress = new ProgressBar(options.progress);
  const diagnostics = new Diagnostics(0, (w: Warning) => {
    progress.clear();
    options.onWarning?.(w);
  });
  const warn = diagnostics.warn;

  const files = await expandInputs(options.inputs, options.cwd);
  summary.files = files.length;
  if (cfg.endpoint) summary.endpoint = displayEndpoint(cfg.endpoint);
  const destination = summary.endpoint ?? 'dry-run';

  let checkpoint: Checkpoint | undefined;
  if (options.checkpoint !== undefined && options.checkpoint !== false && files.length > 0) {
    let path: string;
    if (typeof options.checkpoint === 'string') {
      path = options.checkpoint;
    } else {
      const first = options.inputs[0] ?? files[0] ?? '';
      const firstIsDirectory = (await stat(first)).isDirectory();
      path = defaultCheckpointPath(firstIsDirectory ? first : (files[0] ?? first), firstIsDirectory);
    }
    checkpoint = await Checkpoint.open(path, destination, { readOnly: cfg.dryRun });
    summary.checkpoint = path;
  }

  // Where each file starts: its checkpoint position, unless the file changed underneath.
  const starts = new Map<string, FilePosition>();
  const sizes = new Map<string, number>();
  let totalBytes = 0;
  for (const file of files) {
    const { size } = await stat(file);
    sizes.set(file, size);
    let start: FilePosition = { file, offset: 0, line: 1 };
    if (checkpoint) {
      const resume = await checkpoint.resumePosition(file, size);
      if (resume.position) start = resume.position;
      else if (resume.reset) {
        warn({ code: 'checkpoint_reset', file, message: `${resume.reset}; replaying it from the start` });
        checkpoint.forget(file);
      }
    }
    starts.set(file, start);
    summary.resumedBytes += start.offset;
    totalBytes += size - start.offset;
  }

  let shift: bigint | undefined;
  if (cfg.rebaseTime) {
    // A resumed replay keeps the shift of its first run, so all its spans move alike.
    shift = checkpoint?.rebaseShift;
    if (shift === undefined) {
      const latest = await scanLatestEnd(files, { maxLineBytes: options.maxLineBytes, signal: options.signal });
      shift = latest === undefined ? 0n : rebaseShift(latest, nowNanos((options.now ?? Date.now)()));
      if (checkpoint) checkpoint.rebaseShift = shift;
    }
  }
  if (checkpoint && !cfg.dryRun) await checkpoint.flush(); // fails early when the checkpoint cannot be written

  const transport =
    cfg.endpoint && !cfg.dryRun
      ? new OtlpHttpTransport({
          endpoint: cfg.endpoint,
          headers: cfg.headers,
          gzip: cfg.gzip,
          connections: cfg.concurrency,
          timeoutMs: cfg.timeoutMs,
        })
      : undefined;
  const policy = {
    maxAttempts: cfg.maxAttempts,
    deadlineMs: cfg.deadlineMs,
    backoff: cfg.backoff,
    ...(options.random ? { random: options.random } : {}),
  };
  const limiter = new Limiter(cfg.concurrency);
  const acks = new AckTracker();
  const halt = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, halt.signal]) : halt.signal;
  const inflight = new Set<Promise<void>>();
  const batcher = new BatchBuilder(cfg.maxBatchBytes);
  let stopped: Stop | undefined;
  let doneBytes = 0;

  const showProgress = (force = false): void =>
    progress.update({ doneBytes, totalBytes, spans: summary.spans, requests: summary.requests }, force);

  const settle = (ticket: object): void => {
    for (const position of acks.complete(ticket)) checkpoint?.record(position);
  };

  const send = async (batch: Batch, ticket: object, client: OtlpHttpTransport): Promise<void> => {
    let outcome: SendOutcome;
    try {
      const payload = await client.encode(batchBody(batch));
      outcome = await sendWithRetry(
        () => {
          summary.wireBytes += payload.length;
          return client.send(payload);
        },
        policy,
        signal,
        { onRequest: () => void summary.requests++, onRetry: () => void summary.retries++ },
      );
    } catch (error) {
      outcome = { kind: 'stopped', message: describeError(error), cause: error };
    }
    options.onBatch?.({
      spans: batch.spans,
      bytes: batch.bytes,
      outcome: outcome.kind,
      rejectedSpans: outcome.kind === 'accepted' ? (outcome.partial?.rejectedSpans ?? 0) : 0,
    });
    if (outcome.kind === 'accepted') {
      const partial = outcome.partial;
      if (partial) {
        summary.rejected += partial.rejectedSpans;
        const why = partial.errorMessage ? `: ${partial.errorMessage}` : '';
        warn({
          code: 'partial_success',
          message: `the endpoint accepted a batch of ${batch.spans} spans but rejected ${partial.rejectedSpans}${why}`,
        });
      }
      settle(ticket);
    } else if (outcome.kind === 'rejected') {
      summary.failed += batch.spans;
      warn({
        code: 'batch_rejected',
        message: `a batch of ${batch.spans} spans was refused (${outcome.message}); not retried, since resending the same data cannot succeed`,
      });
      settle(ticket); // never resent: a resumed replay would be refused again
    } else {
      // Not delivered in this run (a batch cut short by the caller's own interruption is not a failure).
      if (options.signal?.aborted !== true) summary.failed += batch.spans;
      if (!stopped) {
        stopped = outcome;
        halt.abort();
      }
    }
  };

  const dispatch = async (): Promise<void> => {
    const batch = batcher.take();
    const ticket = acks.enqueue(batch.positions);
    if (batch.parts.length === 0) return settle(ticket); // only skipped lines: nothing to send
    summary.bytes += batch.bytes;
    if (!transport) {
      summary.requests++; // dry run: count what would be sent
      return settle(ticket);
    }
    await limiter.acquire();
    const task: Promise<void> = send(batch, ticket, transport).finally(() => {
      limiter.release();
      inflight.delete(task);
    });
    inflight.add(task);
  };

  let finished = false;
  let flushError: unknown;
  try {
    reading: for (const file of files) {
      const start = starts.get(file) ?? { file, offset: 0, line: 1 };
      const size = sizes.get(file) ?? 0;
      let offset = start.offset;
      const lineOptions = {
        start: start.offset,
        startLine: start.line,
        ...(options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes }),
      };
      for await (const l of readLines(file, lineOptions)) {
        if (signal.aborted) break reading;
        if ('overlong' in l) {
          summary.lines++;
          summary.skippedLines++;
          warn({ code: 'line_too_long', file, line: l.line, message: `line of ${l.bytes} bytes is over the limit; skipped` });
          const end = Math.min(l.offset + l.bytes + 1, Math.max(size, l.offset + l.bytes));
          batcher.advance({ file, offset: end, line: l.line + 1 });
          doneBytes += end - offset;
          offset = end;
          continue;
        }
        const after: FilePosition = { file, offset: l.offset + l.bytes + (l.unterminated ? 0 : 1), line: l.line + 1 };
        doneBytes += after.offset - offset;
        offset = after.offset;
        showProgress();
        if (l.text.trim() === '') {
          batcher.advance(after);
          continue;
        }
        summary.lines++;
        const parsed = parseTraceLine(l.text, shift === undefined ? JSON.parse : parseKeepingNanos);
        if (!parsed.ok) {
          summary.skippedLines++;
          if (l.unterminated && parsed.kind === 'json') {
            // Not recorded in the checkpoint: if its writer completes it, a resumed replay sends it.
            warn({
              code: 'torn_line',
              file,
              line: l.line,
              message: `last line (byte offset ${l.offset}, ${l.bytes} bytes) is incomplete, probably cut short while being written; skipped`,
            });
            continue;
          }
          warn({ code: parsed.kind === 'json' ? 'invalid_json' : 'not_traces', file, line: l.line, message: `${parsed.reason}; skipped` });
          batcher.advance(after);
          continue;
        }
        const { spans, value } = parsed.line;
        summary.spans += spans;
        if (spans === 0) {
          batcher.advance(after); // e.g. a header line carrying only a resource
          continue;
        }
        let part = parsed.line.inner;
        if (shift !== undefined && shift !== 0n) {
          shiftTimes(value, shift);
          part = JSON.stringify(value.resourceSpans).slice(1, -1);
        }
        const partBytes = Buffer.byteLength(part);
        if (!batcher.fits(partBytes)) await dispatch();
        batcher.add(part, partBytes, spans);
        batcher.advance(after);
      }
    }
    if (!signal.aborted) {
      if (!batcher.isIdle) await dispatch();
      finished = true;
    }
  } finally {
    while (inflight.size > 0) await Promise.all([...inflight]);
    await transport?.close().catch(() => undefined);
    showProgress(true);
    progress.clear();
    summary.warnings = diagnostics.total;
    summary.warningCounts = Object.fromEntries(diagnostics.counts);
    summary.durationMs = Date.now() - started;
    if (checkpoint && !cfg.dryRun) await checkpoint.flush().catch((error: unknown) => (flushError = error));
  }
  if (flushError !== undefined) throw flushError;
  if (stopped !== undefined || !finished) {
    const reason = stopped?.message ?? 'interrupted';
    const resume = checkpoint ? `; run it again to resume from ${checkpoint.path}` : '';
    throw new ReplayStoppedError(`replay stopped: ${reason}${resume}`, summary, stopped?.status, {
      cause: stopped?.cause,
    });
  }
  return summary;
}
