import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLocations, knownLocations } from '../../src/adapters/locations.js';
import { cli } from '../support/runs/cli.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();
const FIXTURES = join(import.meta.dirname, '../fixtures');

describe('usual places of Kimi Code and Aider', () => {
  it('Kimi Code under ~/.kimi-code/sessions, or $KIMI_CODE_HOME', () => {
    const kimi = (env: Record<string, string>) => knownLocations(env, '/home/u', '/work').filter((l) => l.format === 'kimi-code').map((l) => l.path);
    expect(kimi({})).toEqual(['/home/u/.kimi-code/sessions']);
    expect(kimi({ KIMI_CODE_HOME: '/data/kimi' })).toEqual(['/data/kimi/sessions']);
  });

  it('Aider only in the current folder and the home folder (once when they are the same)', () => {
    const aider = (cwd: string) => knownLocations({}, '/home/u', cwd).filter((l) => l.format === 'aider').map((l) => l.path);
    expect(aider('/work/repo')).toEqual([
      '/work/repo/.aider.chat.history.md',
      '/work/repo/.aider.llm.history',
      '/home/u/.aider.chat.history.md',
      '/home/u/.aider.llm.history',
    ]);
    expect(aider('/home/u')).toEqual(['/home/u/.aider.chat.history.md', '/home/u/.aider.llm.history']);
  });

  it('convert --all finds the Aider history of the folder it runs in, and a Kimi Code session', async () => {
    const home = tempDir();
    const repo = join(tempDir(), 'calc');
    cpSync(join(FIXTURES, 'aider', 'calc'), repo, { recursive: true });
    mkdirSync(join(home, '.kimi-code'));
    cpSync(join(FIXTURES, 'kimi-code', 'sessions'), join(home, '.kimi-code', 'sessions'), { recursive: true });
    expect(findLocations({ HOME: home }, undefined, repo).map((l) => l.format)).toEqual(['kimi-code', 'aider', 'aider']);
    const run = await cli(['convert', '--all', '--out', join(home, 'out')], { env: { HOME: home }, cwd: repo });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/found\s+Aider \(current folder\)/);
    expect(run.stderr).toMatch(/found\s+Kimi Code/);
    expect(run.stdout).toMatch(/aider 1/);
    expect(run.stdout).toMatch(/kimi-code 1/);
  });
});
