import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { FormatName } from './adapter.js';

/** The files Aider writes in the repository it runs in: the chat history, and the LLM history when asked for one. */
const AIDER_FILES = ['.aider.chat.history.md', '.aider.llm.history'];

export interface KnownLocation {
  format: FormatName;
  agent: string;
  path: string;
}

/**
 * Where each supported agent keeps its session logs by default. Paths that
 * depend on an environment variable (CODEX_HOME, XDG_DATA_HOME, ...) honour it.
 */
export function knownLocations(
  env: Record<string, string | undefined> = process.env,
  home = env.HOME ?? homedir(),
  cwd = process.cwd(),
  platform: NodeJS.Platform = process.platform,
): KnownLocation[] {
  const claude = env.CLAUDE_CONFIG_DIR ?? join(home, '.claude');
  const codex = env.CODEX_HOME ?? join(home, '.codex');
  const gemini = join(home, '.gemini');
  const copilot = env.XDG_STATE_HOME ? join(env.XDG_STATE_HOME, '.copilot') : join(home, '.copilot');
  const data = env.XDG_DATA_HOME ?? join(home, '.local', 'share');
  const kimi = env.KIMI_CODE_HOME ?? join(home, '.kimi-code');
  return [
    { format: 'claude-code', agent: 'Claude Code', path: join(claude, 'projects') },
    { format: 'codex', agent: 'Codex', path: join(codex, 'sessions') },
    { format: 'codex', agent: 'Codex (archived)', path: join(codex, 'archived_sessions') },
    { format: 'gemini-cli', agent: 'Gemini CLI', path: join(gemini, 'tmp') },
    { format: 'copilot-cli', agent: 'Copilot CLI', path: join(copilot, 'session-state') },
    { format: 'opencode', agent: 'OpenCode', path: join(data, 'opencode', 'storage') },
    { format: 'opencode', agent: 'OpenCode (SQLite)', path: join(data, 'opencode', 'opencode.db') },
    { format: 'kimi-code', agent: 'Kimi Code', path: join(kimi, 'sessions') },
    // Aider writes into the root of the repository it runs in: only the current folder and home are known here;
    // other repositories are passed by name.
    ...[...new Set([cwd, home])].flatMap((dir) =>
      AIDER_FILES.map((name) => ({ format: 'aider', agent: dir === home ? 'Aider (home)' : 'Aider (current folder)', path: join(dir, name) })),
    ),
    ...editorExtensionTasks(env, home, platform),
  ];
}

/** VS Code and its forks: the folder name of each under the user's configuration folder. */
const EDITORS: ReadonlyArray<[string, string]> = [
  ['Code', 'VS Code'],
  ['Code - Insiders', 'VS Code Insiders'],
  ['Cursor', 'Cursor'],
  ['VSCodium', 'VSCodium'],
];

/** The extensions that keep task folders in their global storage (`<storage>/<extension id>/tasks/<task id>/`). */
const TASK_EXTENSIONS: ReadonlyArray<{ format: FormatName; agent: string; id: string }> = [
  { format: 'cline', agent: 'Cline', id: 'saoudrizwan.claude-dev' },
  { format: 'roo-code', agent: 'Roo Code', id: 'rooveterinaryinc.roo-cline' },
];

/**
 * Cline's and Roo Code's task folders in each editor's global storage, under
 * the platform's configuration folder: `$XDG_CONFIG_HOME` or `~/.config`
 * (Linux), `~/Library/Application Support` (macOS), `%APPDATA%` (Windows).
 */
function editorExtensionTasks(env: Record<string, string | undefined>, home: string, platform: NodeJS.Platform): KnownLocation[] {
  const base =
    platform === 'darwin'
      ? join(home, 'Library', 'Application Support')
      : platform === 'win32'
        ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
        : (env.XDG_CONFIG_HOME ?? join(home, '.config'));
  return EDITORS.flatMap(([folder, editor]) =>
    TASK_EXTENSIONS.map(({ format, agent, id }) => ({
      format,
      agent: `${agent} (${editor})`,
      path: join(base, folder, 'User', 'globalStorage', id, 'tasks'),
    })),
  );
}

/** The known locations that exist on this machine. */
export function findLocations(env?: Record<string, string | undefined>, home?: string, cwd?: string): KnownLocation[] {
  return knownLocations(env, home, cwd).filter((l) => existsSync(l.path));
}
