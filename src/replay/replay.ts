import { Diagnostics, type Warning } from '../adapters/diagnostics.js';
import { readLines } from '../adapters/line-reader.js';
import { ReplayStoppedError } from '../errors.js';
import { BatchBuilder, type FilePosition } from './batch-builder.js';
import { BatchDispatcher } from './batch-dispatcher.js';
import { Checkpoint } from './checkpoint.js';
import { expandInputs } from './input-files.js';
import { scanLatestEnd } from './latest-end-scan.js';
import { displayEndpoint, OtlpHttpTransport } from './otlp-http-transport.js';
import { ProgressBar } from './progress-bar.js';
import { nowNanos, parseKeepingNanos, rebaseShift, shiftTimes } from './rebase-time.js';
import { resolveReplayOptions, type ReplayOptions } from './replay-options.js';
import { checkpointPath, planResume } from './resume-plan.js';
import { emptySummary, type ReplaySummary } from './summary.js';
import { parseTraceLine } from './trace-line.js';

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
  const cpPath = await checkpointPath(options.checkpoint, options.inputs, files);
  const checkpoint = cpPath ? await Checkpoint.open(cpPath, summary.endpoint ?? 'dry-run', { readOnly: cfg.dryRun }) : undefined;
  if (cpPath) summary.checkpoint = cpPath;
  const plan = await planResume(files, checkpoint, warn);
  summary.resumedBytes = plan.resumedBytes;

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
          tls: cfg.tls,
        })
      : undefined;
  const dispatcher = new BatchDispatcher({
    transport,
    policy: {
      maxAttempts: cfg.maxAttempts,
      deadlineMs: cfg.deadlineMs,
      backoff: cfg.backoff,
      retryRefused: cfg.retryRefused,
      ...(options.random ? { random: options.random } : {}),
    },
    concurrency: cfg.concurrency,
    checkpoint,
    summary,
    warn,
    ...(options.onBatch ? { onBatch: options.onBatch } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const signal = dispatcher.signal;
  const batcher = new BatchBuilder(cfg.maxBatchBytes);
  let doneBytes = 0;
  const showProgress = (force = false): void =>
    progress.update({ doneBytes, totalBytes: plan.totalBytes, spans: summary.spans, requests: summary.requests }, force);

  let finished = false;
  let flushError: unknown;
  try {
    reading: for (const file of files) {
      const start = plan.starts.get(file) ?? { file, offset: 0, line: 1 };
      const size = plan.sizes.get(file) ?? 0;
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
        if (!batcher.fits(partBytes)) await dispatcher.dispatch(batcher.take());
        batcher.add(part, partBytes, spans);
        batcher.advance(after);
      }
    }
    if (!signal.aborted) {
      if (!batcher.isIdle) await dispatcher.dispatch(batcher.take());
      finished = true;
    }
  } finally {
    await dispatcher.drain();
    await transport?.close().catch(() => undefined);
    showProgress(true);
    progress.clear();
    summary.warnings = diagnostics.total;
    summary.warningCounts = Object.fromEntries(diagnostics.counts);
    summary.durationMs = Date.now() - started;
    if (checkpoint && !cfg.dryRun) await checkpoint.flush().catch((error: unknown) => (flushError = error));
  }
  if (flushError !== undefined) throw flushError;
  const stopped = dispatcher.stopped;
  if (stopped !== undefined || !finished) {
    const reason = stopped?.message ?? 'interrupted';
    const resume = checkpoint ? `; run it again to resume from ${checkpoint.path}` : '';
    throw new ReplayStoppedError(`replay stopped: ${reason}${resume}`, summary, stopped?.status, { cause: stopped?.cause });
  }
  return summary;
}
