import { Diagnostics, type Warning } from '../core/diagnostics.js';
import { safeUrl } from '../config/endpoint-url.js';
import { CheckpointBusyError, describeError, OutputUnwritableError } from '../core/errors.js';
import { NoTraceDataError, ReplayStoppedError } from './replay-errors.js';
import { BatchBuilder } from './batch-builder.js';
import { BatchDispatcher } from './batch-dispatcher.js';
import { Checkpoint } from './checkpoint.js';
import { expandInputs } from './input-files.js';
import { scanLatestEnd } from './latest-end-scan.js';
import { acquireLockFile } from './lock-file.js';
import { displayEndpoint, OtlpHttpTransport } from '../exporters/otlp/otlp-http-transport.js';
import { ProgressBar } from './progress-bar.js';
import { LineFeed } from './line-feed.js';
import { nowNanos, rebaseShift } from './rebase-time.js';
import { resolveReplayOptions, type ReplayOptions, type ResolvedReplayOptions } from './replay-options.js';
import { checkpointPath, planResume } from './resume-plan.js';
import { emptySummary, type ReplaySummary } from './summary.js';

/**
 * Streams OTLP/JSON lines (`TracesData` per line) from files into an
 * OTLP/HTTP endpoint: byte-bounded batches, parallel requests, gzip (not to a
 * loopback endpoint unless asked), retries
 * on 429/502/503/504 only, partial success reported, optional time rebasing
 * and a resume checkpoint. Memory stays bounded by the longest line plus
 * `concurrency + 1` batches (each with the read chunks its lines are sliced
 * from), whatever the size of the input.
 *
 * Lines the endpoint refuses (a 400, a 500) are not acknowledged: the
 * checkpoint keeps them apart and the next run sends them again, and only
 * them. A checkpoint is used by one replay at a time (a lock file next to it).
 *
 * Resolves with the summary when all input was read and every batch got a
 * final answer; rejects with `ReplayStoppedError` (carrying the summary so far)
 * when it had to stop early, with `NoTraceDataError` when the input holds no
 * trace data at all, with `CheckpointBusyError` when another replay uses the
 * checkpoint. Acknowledged progress is in the checkpoint either way.
 */
export async function replay(options: ReplayOptions): Promise<ReplaySummary> {
  const started = Date.now();
  const cfg = resolveReplayOptions(options);
  const summary = emptySummary(cfg.dryRun);
  const files = await expandInputs(options.inputs, options.cwd);
  summary.files = files.length;
  if (files.length === 0) {
    throw new NoTraceDataError(`nothing to replay: no *.jsonl, *.ndjson or *.json file in ${options.inputs.join(', ')}`, summary);
  }
  if (cfg.endpoint) summary.endpoint = safeUrl(cfg.endpoint);
  const cpPath = await checkpointPath(options.checkpoint, options.inputs, files);
  // Two replays with one checkpoint would both send everything: the second one waits for nothing and stops.
  const lockPath = `${cpPath}.lock`;
  const release =
    cpPath && !cfg.dryRun
      ? await acquireLockFile(lockPath).catch((error: NodeJS.ErrnoException) => {
          throw new OutputUnwritableError(lockPath, error.code ?? describeError(error), { cause: error });
        })
      : undefined;
  if (cpPath && !cfg.dryRun && !release) {
    throw new CheckpointBusyError(cpPath, `another replay holds ${lockPath}; nothing was sent (run it again once that one has finished)`);
  }
  try {
    return await replayFiles(options, cfg, summary, files, cpPath, started);
  } finally {
    await release?.();
  }
}

async function replayFiles(
  options: ReplayOptions,
  cfg: ResolvedReplayOptions,
  summary: ReplaySummary,
  files: string[],
  cpPath: string | undefined,
  started: number,
): Promise<ReplaySummary> {
  const progress = new ProgressBar(options.progress);
  const diagnostics = new Diagnostics(0, (w: Warning) => {
    progress.clear();
    options.onWarning?.(w);
  });
  const warn = diagnostics.warn;
  // The checkpoint is keyed by the endpoint without credentials or query string.
  const destination = cfg.endpoint ? displayEndpoint(cfg.endpoint) : 'dry-run';
  const checkpoint = cpPath ? await Checkpoint.open(cpPath, destination, { readOnly: cfg.dryRun }) : undefined;
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
  const showProgress = (force = false): void =>
    progress.update({ doneBytes: feed.doneBytes, totalBytes: plan.totalBytes, spans: summary.spans, requests: summary.requests }, force);
  const feed: LineFeed = new LineFeed({
    batcher,
    dispatcher,
    summary,
    warn,
    sizes: plan.sizes,
    shift,
    maxLineBytes: options.maxLineBytes,
    onProgress: () => showProgress(),
  });

  let finished = false;
  let noTraceData = false;
  let flushFailed = false;
  let flushError: unknown;
  try {
    reading: for (const file of files) {
      // Lines the endpoint refused in an earlier run first, then from where the last run stopped.
      for (const range of plan.resend.get(file) ?? []) {
        if (!(await feed.read(file, range, range.end))) break reading;
      }
      if (!(await feed.read(file, plan.starts.get(file) ?? { file, offset: 0, line: 1 }))) break reading;
    }
    if (!signal.aborted && feed.traceLines === 0 && feed.foreignLines > 0) {
      // Not one line of trace data: the input is something else. Nothing is recorded, so a second run says so too.
      noTraceData = true;
      throw new NoTraceDataError(
        `no OTLP trace data in ${files.length === 1 ? files[0] : `${files.length} files`}: none of the ${feed.foreignLines} lines read is a TracesData object (resourceSpans); ` +
          'an agent session log is converted with "agent-otel convert", not replayed',
        summary,
      );
    }
    if (!signal.aborted) {
      if (!batcher.isIdle) await dispatcher.dispatch(batcher.take());
      finished = true;
    }
  } finally {
    await dispatcher.drain();
    await transport?.close().catch(() => undefined);
    if (!finished && !cfg.dryRun) summary.unsent += batcher.take().spans; // read, never sent
    showProgress(true);
    progress.clear();
    summary.warnings = diagnostics.total;
    summary.warningCounts = Object.fromEntries(diagnostics.counts);
    summary.durationMs = Date.now() - started;
    if (checkpoint && !cfg.dryRun) {
      const done = noTraceData ? checkpoint.discard() : checkpoint.flush();
      await done.catch((error: unknown) => {
        flushFailed = true;
        flushError = error;
      });
    }
  }
  if (flushFailed) throw flushError;
  const stopped = dispatcher.stopped;
  if (stopped !== undefined || !finished) {
    const reason = stopped?.message ?? 'interrupted';
    const resume = checkpoint ? `; run it again to resume from ${checkpoint.path}` : '';
    throw new ReplayStoppedError(`replay stopped: ${reason}${resume}`, summary, stopped?.status, { cause: stopped?.cause });
  }
  return summary;
}
