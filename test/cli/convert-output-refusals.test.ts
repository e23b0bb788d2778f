import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, runTimed } from '../support/processes/timed-child.js';
import { cli } from '../support/runs/cli.js';
import { spansInFolder } from '../support/faults/fault-counts.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();
const INPUT = resolve(import.meta.dirname, '../fixtures/claude-code');

describe('convert refuses an output it cannot use, before any work, with the error code', () => {
  it('an existing file that is not agent-otel JSONL: exit 1, the file untouched, nothing converted', async () => {
    const notes = join(tempDir(), 'notes.jsonl');
    writeFileSync(notes, '{"my":"own data"}\n');
    const run = await cli(['convert', INPUT, '--out', notes]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('AGENT_OTEL_OUTPUT_NOT_JSONL');
    expect(run.stderr).toContain(notes);
    expect(run.stdout).toBe(''); // no summary: nothing was converted
    expect(readFileSync(notes, 'utf8')).toBe('{"my":"own data"}\n');
  });

  it('a FIFO: exit 1 at once instead of swallowing everything with exit 0', async () => {
    const fifo = join(tempDir(), 'fifo');
    execFileSync('mkfifo', [fifo]);
    const run = await cli(['convert', INPUT, '--out', fifo]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('AGENT_OTEL_OUTPUT_NOT_FILE');
  });

  it('/proc/nope/x: exit 1 at once instead of hanging', async () => {
    const run = await cli(['convert', INPUT, '--out', '/proc/nope/x']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('AGENT_OTEL_OUTPUT_UNWRITABLE');
    expect(run.stderr).toContain('/proc/nope');
  });

  it('--out /dev/stdout piped into another process: exit 1 with one line, no EPIPE stack', async () => {
    const result = await runTimed(CLI, ['convert', INPUT, '--out', '/dev/stdout'], {}, 20_000);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('AGENT_OTEL_OUTPUT_NOT_FILE');
    expect(result.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });
});

const mounted: string[] = [];
afterEach(() => {
  for (const dir of mounted.splice(0)) execFileSync('umount', [dir]);
});

function mountTmpfs(kib: number): string {
  const dir = tempDir();
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k`, 'tmpfs', dir]);
  mounted.push(dir);
  return dir;
}

describe.runIf(process.getuid?.() === 0)('convert on a real full or read-only file system (a tmpfs; root only)', () => {
  it('read-only: exit 1 naming EROFS, before any work', async () => {
    const mount = mountTmpfs(64);
    mkdirSync(join(mount, 'out'));
    execFileSync('mount', ['-o', 'remount,ro', mount]);
    const run = await cli(['convert', INPUT, '--out', join(mount, 'out')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('AGENT_OTEL_OUTPUT_READ_ONLY');
    expect(run.stderr).toContain('EROFS');
    expect(run.stdout).toBe('');
  });

  it('full: exit 1 with the count of spans not written, and no empty or torn file left', async () => {
    const reference = join(tempDir(), 'reference');
    expect((await cli(['convert', INPUT, '--out', reference, '--quiet'])).code).toBe(0);
    const produced = spansInFolder(reference).length;
    expect(produced).toBeGreaterThan(0);
    const mount = mountTmpfs(64);
    writeFileSync(join(mount, 'filler'), Buffer.alloc(60 * 1024)); // a few KiB left: less than the output needs
    const out = join(mount, 'out');
    const run = await cli(['convert', INPUT, '--out', out, '--quiet']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${produced} spans could not be exported`);
    expect(run.stderr).toContain('no space left (ENOSPC)');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});
