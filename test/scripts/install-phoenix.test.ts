import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/backends/backends.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

/**
 * scripts/install-phoenix.sh before it installs anything: every package pinned, and a loud failure with
 * exit code 3 (nothing left in the cache) when no usable Python is there. The install itself is exercised
 * by the end-to-end test, which runs the script.
 */
const SCRIPT = join(REPO, 'scripts/install-phoenix.sh');
const tempDir = useTempDirs();

function run(python: string, cache: string): { status: number | null; stderr: string; stdout: string } {
  const result = spawnSync('bash', [SCRIPT], { env: { ...process.env, PYTHON: python, AGENT_OTEL_PHOENIX_DIR: cache }, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

describe('scripts/install-phoenix.sh', () => {
  it('pins every package of the environment to one exact version, arize-phoenix 20.x among them', () => {
    const lines = readFileSync(join(REPO, 'scripts/phoenix-requirements.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'));
    expect(lines.length).toBeGreaterThan(50);
    for (const line of lines) expect(line, line).toMatch(/^[A-Za-z0-9._-]+==[0-9][0-9A-Za-z.+-]*$/);
    const names = lines.map((l) => l.split('==')[0]!.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    expect(lines.find((l) => l.startsWith('arize-phoenix=='))).toMatch(/^arize-phoenix==20\.\d+\.\d+$/);
  });

  it('fails loudly, exit 3, when the interpreter is missing', () => {
    const cache = tempDir();
    const result = run(join(cache, 'no-such-python'), cache);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('no-such-python is not installed');
    expect(result.stderr).toContain('!!!');
    expect(result.stdout).toBe('');
    expect(readdirSync(cache)).toEqual([]);
  });

  it('fails loudly, exit 3, when the interpreter is too old for Phoenix', () => {
    const cache = tempDir();
    // A stand-in interpreter that answers like Python 3.9: the version check exits 1.
    const fake = join(cache, 'python3.9');
    writeFileSync(fake, '#!/bin/sh\ncase "$1" in --version) echo "Python 3.9.18";; *) exit 1;; esac\n');
    chmodSync(fake, 0o755);
    const result = run(fake, join(cache, 'cache'));
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('Python 3.9.18 is not supported');
    expect(existsSync(join(cache, 'cache'))).toBe(false);
  });
});
