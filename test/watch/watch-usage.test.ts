import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { cli } from '../support/runs/cli.js';

const tempDir = useTempDirs();

describe('agent-otel watch: usage errors', () => {
  it.each([
    ['no input', [], 'no input'],
    ['--session-idle 0', ['src', '--session-idle', '0'], '--session-idle'],
    ['--session-idle -5', ['src', '--session-idle=-5'], '--session-idle'],
    ['--session-idle soon', ['src', '--session-idle', 'soon'], '--session-idle'],
    ['--since yesterday', ['src', '--since', 'yesterday'], '--since'],
    ['--since 5y', ['src', '--since', '5y'], '--since'],
  ])('%s: exit code 2, the problem on stderr, nothing written', async (_, args, said) => {
    const cwd = tempDir();
    const run = await cli(['watch', ...args], { cwd, env: { HOME: cwd } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(said);
    expect(run.stdout).toBe('');
    expect(readdirSync(cwd)).toEqual([]);
  });
});
