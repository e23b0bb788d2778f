import { code, numbered, path, prose, shellOutput } from './text.mjs';

/**
 * Claude Code tool calls as the transcript records them: the `tool_use`
 * input, the `tool_result` content the model saw, and `toolUseResult`, the
 * tool's own structured result (its shape differs per tool). Failed calls
 * carry `is_error: true` and a string `toolUseResult`.
 */

export const MAIN_TOOLS = [
  ['Bash', 35],
  ['Read', 25],
  ['Edit', 12],
  ['Grep', 8],
  ['Glob', 5],
  ['Write', 4],
  ['TodoWrite', 5],
  ['mcp__github__search_issues', 2],
  ['Task', 2],
];

export const SUBAGENT_TOOLS = [
  ['Read', 40],
  ['Grep', 25],
  ['Glob', 15],
  ['Bash', 20],
];

const COMMANDS = ['npm test', 'npm run build', 'git status', 'git diff --stat', 'ls -la src', 'npx tsc --noEmit', 'mix test', 'cargo check', 'rg -n "TODO" src', 'cat package.json'];

/** `{ input, content, toolUseResult, isError, durationMs }` for one call of `name`. */
export function toolCall(rng, name, cwd) {
  const failed = rng.chance(name === 'Bash' ? 0.08 : 0.03);
  switch (name) {
    case 'Bash': {
      const command = rng.pick(COMMANDS);
      const out = shellOutput(rng, rng.size(20, 3000, 40_000));
      if (failed) {
        const text = `Exit code ${rng.pick([1, 1, 2, 127])}\n${out}`;
        return { input: { command, description: prose(rng, 40) }, content: text, toolUseResult: `Error: ${text}`, isError: true, durationMs: rng.size(50, 4000, 120_000) };
      }
      return {
        input: { command, description: prose(rng, 40) },
        content: out,
        toolUseResult: { stdout: out, stderr: '', interrupted: false, isImage: false, noOutputExpected: false },
        isError: false,
        durationMs: rng.size(20, 3000, 180_000),
      };
    }
    case 'Read': {
      const filePath = path(rng, cwd);
      if (failed) return errorResult(rng, { file_path: filePath }, 'File does not exist.');
      const content = numbered(rng, rng.size(200, 4000, 30_000));
      const numLines = content.split('\n').length;
      return {
        input: { file_path: filePath },
        content,
        toolUseResult: { type: 'text', file: { filePath, content, numLines, startLine: 1, totalLines: numLines } },
        isError: false,
        durationMs: rng.int(2, 60),
      };
    }
    case 'Edit': {
      const filePath = path(rng, cwd);
      const oldString = code(rng, rng.int(40, 400));
      const newString = code(rng, rng.int(40, 500));
      if (failed) return errorResult(rng, { file_path: filePath, old_string: oldString, new_string: newString }, '<tool_use_error>String to replace not found in file.</tool_use_error>');
      const start = rng.int(1, 400);
      return {
        input: { file_path: filePath, old_string: oldString, new_string: newString, replace_all: false },
        content: `The file ${filePath} has been updated. Here's the result of running \`cat -n\` on a snippet of the edited file:\n${numbered(rng, 600)}`,
        toolUseResult: {
          filePath,
          oldString,
          newString,
          originalFile: code(rng, rng.size(400, 3000, 20_000)),
          structuredPatch: [{ oldStart: start, oldLines: 6, newStart: start, newLines: 7, lines: newString.split('\n').map((l) => `+${l}`) }],
          userModified: false,
          replaceAll: false,
        },
        isError: false,
        durationMs: rng.int(5, 120),
      };
    }
    case 'Write': {
      const filePath = path(rng, cwd);
      const content = code(rng, rng.size(200, 3000, 12_000));
      return {
        input: { file_path: filePath, content },
        content: `File created successfully at: ${filePath}`,
        toolUseResult: { type: 'create', filePath, content, structuredPatch: [], originalFile: null },
        isError: false,
        durationMs: rng.int(5, 80),
      };
    }
    case 'Grep': {
      const out = Array.from({ length: rng.int(0, 30) }, () => `${path(rng, cwd)}:${rng.int(1, 900)}:${prose(rng, 50)}`).join('\n');
      return {
        input: { pattern: prose(rng, 12), path: cwd, output_mode: 'content', '-n': true },
        content: out || 'No matches found',
        toolUseResult: { mode: 'content', numFiles: 0, filenames: [], content: out, numLines: out ? out.split('\n').length : 0 },
        isError: false,
        durationMs: rng.int(20, 800),
      };
    }
    case 'Glob': {
      const filenames = Array.from({ length: rng.int(0, 40) }, () => path(rng, cwd));
      return {
        input: { pattern: `**/*${rng.pick(['.ts', '.ex', '.py'])}` },
        content: filenames.join('\n') || 'No files found',
        toolUseResult: { filenames, durationMs: rng.int(5, 300), numFiles: filenames.length, truncated: false },
        isError: false,
        durationMs: rng.int(5, 300),
      };
    }
    case 'TodoWrite': {
      const todos = Array.from({ length: rng.int(2, 8) }, () => ({
        content: prose(rng, 50),
        status: rng.pick(['pending', 'in_progress', 'completed']),
        activeForm: prose(rng, 40),
      }));
      return {
        input: { todos },
        content: 'Todos have been modified successfully. Ensure that you continue to use the todo list to track your progress.',
        toolUseResult: { oldTodos: todos.slice(1), newTodos: todos },
        isError: false,
        durationMs: rng.int(1, 10),
      };
    }
    default: {
      // An MCP tool: content blocks rather than a string.
      const text = prose(rng, rng.size(100, 2000, 20_000));
      if (failed) return errorResult(rng, { query: prose(rng, 20) }, 'MCP error -32603: connection refused');
      return { input: { query: prose(rng, 20) }, content: [{ type: 'text', text }], toolUseResult: [{ type: 'text', text }], isError: false, durationMs: rng.size(100, 1500, 30_000) };
    }
  }
}

function errorResult(rng, input, message) {
  return { input, content: message, toolUseResult: `Error: ${message}`, isError: true, durationMs: rng.int(1, 50) };
}
