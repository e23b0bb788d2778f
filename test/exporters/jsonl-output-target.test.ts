import type { ExportResult } from '@opentelemetry/core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AgentOtelError,
  OutputFullError,
  OutputNotFileError,
  OutputNotJsonlError,
  OutputReadOnlyError,
  OutputUnwritableError,
} from '../../src/core/errors.js';
import { exportSpans, JsonlFileExporter } from '../../src/index.js';
import { checkOutputTarget, outputError } from '../../src/exporters/jsonl/output-target.js';
import { createAgentTelemetry } from '../../src/index.js';
import { sampleSpans } from '../support/spans/sdk-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { spanIdsOfJsonl } from '../support/spans/trace-lines.js';

const tempDir = useTempDirs();

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed`), { code });
}

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('outputError: one error class per errno', () => {
  it.each([
    ['EROFS', 'AGENT_OTEL_OUTPUT_READ_ONLY', OutputReadOnlyError, 'read-only file system'],
    ['ENOSPC', 'AGENT_OTEL_OUTPUT_FULL', OutputFullError, 'no space left'],
    ['EDQUOT', 'AGENT_OTEL_OUTPUT_FULL', OutputFullError, 'no space left'],
    ['EACCES', 'AGENT_OTEL_OUTPUT_UNWRITABLE', OutputUnwritableError, 'permission denied'],
    ['EPERM', 'AGENT_OTEL_OUTPUT_UNWRITABLE', OutputUnwritableError, 'permission denied'],
    ['EIO', 'AGENT_OTEL_OUTPUT_UNWRITABLE', OutputUnwritableError, 'EIO: failed'],
  ] as const)('%s -> %s', (code, stableCode, type, words) => {
    const error = outputError('/x/out.jsonl', errno(code));
    expect(error).toBeInstanceOf(type);
    expect(error.code).toBe(stableCode);
    expect(error.message).toContain('/x/out.jsonl');
    expect(error.message).toContain(words);
  });

  it('keeps an agent-otel error as it is', () => {
    const original = new OutputNotFileError('/x', 'FIFO (named pipe)');
    expect(outputError('/y', original)).toBe(original);
  });
});

describe('checkOutputTarget refuses what cannot be used, before anything is written', () => {
  it('an existing file that is not agent-otel JSONL: refused, left as it was', () => {
    const file = join(tempDir(), 'notes.jsonl');
    writeFileSync(file, 'my notes\nline two\n');
    const error = thrown(() => checkOutputTarget(file));
    expect(error).toBeInstanceOf(OutputNotJsonlError);
    expect((error as AgentOtelError).code).toBe('AGENT_OTEL_OUTPUT_NOT_JSONL');
    expect((error as Error).message).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe('my notes\nline two\n');
  });

  it('an existing agent-otel JSONL file, an empty file, a file with a torn first line, and a new path are accepted', async () => {
    const dir = tempDir();
    const ours = join(dir, 'ours.jsonl');
    const exporter = new JsonlFileExporter({ path: ours });
    await exportSpans(exporter, sampleSpans(2));
    await exporter.shutdown();
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    const torn = join(dir, 'torn.jsonl');
    writeFileSync(torn, '{"resou');
    for (const path of [ours, empty, torn]) expect(checkOutputTarget(path)).toBe('file');
    const fresh = join(dir, 'a', 'b', 'traces.jsonl');
    expect(checkOutputTarget(fresh)).toBe('file');
    expect(existsSync(join(dir, 'a', 'b'))).toBe(true);
    expect(existsSync(fresh)).toBe(false);
  });

  it('a FIFO: refused at once (opening it would wait for a reader forever)', () => {
    const fifo = join(tempDir(), 'fifo');
    execFileSync('mkfifo', [fifo]);
    const error = thrown(() => checkOutputTarget(fifo));
    expect(error).toBeInstanceOf(OutputNotFileError);
    expect((error as Error).message).toContain('FIFO');
  });

  it('a character device (/dev/null): refused', () => {
    const error = thrown(() => checkOutputTarget('/dev/null'));
    expect(error).toBeInstanceOf(OutputNotFileError);
    expect((error as Error).message).toContain('character device');
  });

  it('/proc/nope/x: refused at once (a recursive mkdir there never returns)', () => {
    const error = thrown(() => checkOutputTarget('/proc/nope/x'));
    expect(error).toBeInstanceOf(OutputUnwritableError);
    expect((error as Error).message).toContain('/proc/nope');
  });

  it('a folder where a file is asked for, and a file where a folder is: refused', () => {
    const dir = tempDir();
    const file = join(dir, 'f.jsonl');
    writeFileSync(file, '');
    expect(thrown(() => checkOutputTarget(dir, 'file'))).toBeInstanceOf(OutputUnwritableError);
    expect(thrown(() => checkOutputTarget(file, 'directory'))).toBeInstanceOf(OutputUnwritableError);
  });

  it('the JSONL exporter refuses the same way: FAILED, the foreign file untouched', async () => {
    const file = join(tempDir(), 'notes.jsonl');
    writeFileSync(file, 'keep me\n');
    const exporter = new JsonlFileExporter({ path: file });
    const result = await exportSpans(exporter, sampleSpans(3));
    await exporter.shutdown();
    expect(result.error).toBeInstanceOf(OutputNotJsonlError);
    expect(exporter.stats()).toMatchObject({ spansWritten: 0, spansFailed: 3 });
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
  });

  it('the live API with an output under /proc: shutdown() ends, and every span is counted as failed', async () => {
    const telemetry = createAgentTelemetry({ jsonl: { path: '/proc/nope/x' }, otlp: false, flushOnExit: false, env: {} });
    const session = telemetry.startSession({ sessionId: 'proc' });
    session.startToolCall('Read', {}, { callId: 'a' }).end({ success: true });
    session.end();
    await telemetry.shutdown(); // used to hang for ever: the vitest timeout (5 s) fails this test if it does
    expect(telemetry.stats().sinks.jsonl).toMatchObject({ exported: 0, failed: 2 });
  });
});

/** Mounts a tmpfs of `kib` KiB (root only); undefined when this machine does not allow it. */
function tryMount(kib: number): string | undefined {
  const dir = tempDir();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k`, 'tmpfs', dir], { stdio: 'ignore' });
    mounted.push(dir);
    return dir;
  } catch {
    return undefined;
  }
}

const mounted: string[] = [];
afterEach(() => {
  for (const dir of mounted.splice(0)) execFileSync('umount', [dir]);
});

const canMount = process.getuid?.() === 0 && (() => {
  try {
    execFileSync('mount', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(canMount)('real file systems (a tmpfs; root only)', () => {
  it('read-only: EROFS says so (not ENOENT), for a new file, an existing folder and a new folder', () => {
    const mount = tryMount(64)!;
    mkdirSync(join(mount, 'folder'));
    execFileSync('mount', ['-o', 'remount,ro', mount]);
    for (const [path, layout] of [
      [join(mount, 'folder', 'traces.jsonl'), 'file'],
      [join(mount, 'folder'), 'directory'],
      [join(mount, 'new', 'deeper'), 'directory'],
    ] as const) {
      const error = thrown(() => checkOutputTarget(path, layout));
      expect(error).toBeInstanceOf(OutputReadOnlyError);
      expect((error as AgentOtelError).code).toBe('AGENT_OTEL_OUTPUT_READ_ONLY');
      expect((error as Error).message).toContain('EROFS');
    }
  });

  it('full: the file is cut back to its last whole line, every span is counted written or failed, files without spans are removed', async () => {
    const mount = tryMount(64)!;
    for (const layout of ['file', 'directory'] as const) {
      const path = join(mount, layout === 'file' ? 'traces.jsonl' : 'rotated');
      const exporter = new JsonlFileExporter({ path, layout, maxFileBytes: 16 * 1024 });
      const batches = Array.from({ length: 40 }, (_, i) => sampleSpans(4, { attributeBytes: 1500, resource: { 'service.name': `b${i}` } }));
      const results: ExportResult[] = [];
      for (const batch of batches) results.push(await exportSpans(exporter, batch));
      await exporter.shutdown();
      const failedBatches = results.filter((r) => r.error !== undefined);
      expect(failedBatches.length).toBeGreaterThan(0);
      for (const r of failedBatches) expect(r.error).toBeInstanceOf(OutputFullError);
      const files = layout === 'file' ? [path] : readdirSync(path).map((name) => join(path, name));
      let ids: string[] = [];
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        expect(text.endsWith('\n')).toBe(true); // no torn last line
        const found = spanIdsOfJsonl(text); // every line parses
        expect(found.length).toBeGreaterThan(0); // no file without spans
        ids = ids.concat(found);
      }
      const written = batches.filter((_, i) => results[i]!.error === undefined).flat().map((s) => s.spanContext().spanId);
      expect(ids.sort()).toEqual(written.sort());
      expect(exporter.stats()).toMatchObject({ spansWritten: written.length, spansFailed: 160 - written.length, files: files.length });
      execFileSync('rm', ['-rf', path]); // room for the other layout
    }
  });
});
