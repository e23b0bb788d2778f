import { open, stat } from 'node:fs/promises';
import type { WarningSink } from '../core/diagnostics.js';
import { walkInputs } from '../adapters/walk.js';

/** The inputs of a read, sorted by what they hold. */
export interface TraceInputs {
  /** agent-otel JSONL files (OTLP/JSON `TracesData` lines). */
  traceFiles: string[];
  /** Files and folders to read as agent logs, through convert's adapters. */
  rawInputs: string[];
  /** Files in folders of agent-otel JSONL that are not trace data (state, pending batches): not read. */
  ignoredFiles: number;
}

const PROBE_BYTES = 4096;
/** How an OTLP/JSON trace line starts; the JSONL exporter and the Collector's file exporter both write it so. */
const TRACES_START = /^\s*\{\s*"resourceSpans"\s*:/;

/** True when the file's first non-blank line begins as an OTLP/JSON `TracesData` object. */
export async function isTraceFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(PROBE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, PROBE_BYTES, 0);
    return TRACES_START.test(buffer.subarray(0, bytesRead).toString('utf8'));
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

/**
 * Tells the inputs apart by content: a file that is agent-otel JSONL is read
 * as spans, any other file as an agent log. A folder holding agent-otel JSONL
 * (an output folder) is read for those files only; a folder without any is
 * handed whole to the adapters, as `convert` would read it.
 */
export async function sortTraceInputs(inputs: readonly string[], warn: WarningSink): Promise<TraceInputs> {
  const out: TraceInputs = { traceFiles: [], rawInputs: [], ignoredFiles: 0 };
  for (const input of inputs) {
    const files = await walkInputs([input], warn);
    const traces: string[] = [];
    for (const file of files) if (await isTraceFile(file)) traces.push(file);
    if (traces.length > 0) {
      out.traceFiles.push(...traces);
      out.ignoredFiles += files.length - traces.length;
    } else if (files.length > 0 || (await stat(input)).isFile()) {
      out.rawInputs.push(input);
    }
  }
  return out;
}
