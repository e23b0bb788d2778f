import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownLocations } from '../../src/adapters/locations.js';

/** Where `--all` looks for Cline's and Roo Code's tasks: each VS Code-family editor's global storage, per platform. */
describe('usual places of the task folders', () => {
  const home = '/home/dev';
  const tasks = (env: Record<string, string | undefined>, platform: NodeJS.Platform) =>
    knownLocations(env, home, undefined, platform)
      .filter((l) => l.format === 'cline' || l.format === 'roo-code')
      .map((l) => [l.format, l.path]);
  const expected = (base: string) =>
    ['Code', 'Code - Insiders', 'Cursor', 'VSCodium'].flatMap((editor) => [
      ['cline', join(base, editor, 'User', 'globalStorage', 'saoudrizwan.claude-dev', 'tasks')],
      ['roo-code', join(base, editor, 'User', 'globalStorage', 'rooveterinaryinc.roo-cline', 'tasks')],
    ]);

  it('Linux: ~/.config, or $XDG_CONFIG_HOME', () => {
    expect(tasks({}, 'linux')).toEqual(expected(join(home, '.config')));
    expect(tasks({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toEqual(expected('/cfg'));
  });

  it('macOS: ~/Library/Application Support', () => {
    expect(tasks({}, 'darwin')).toEqual(expected(join(home, 'Library', 'Application Support')));
  });

  it('Windows: %APPDATA%', () => {
    expect(tasks({ APPDATA: 'C:\\Users\\dev\\AppData\\Roaming' }, 'win32')).toEqual(expected('C:\\Users\\dev\\AppData\\Roaming'));
  });
});
