import { isRecord } from '../../core/json-lines.js';
import { inferToolKind, type ToolKind } from '../../model/tool-kind.js';
import type { ApiMessage } from './schema.js';

/** A tool call an assistant message asked for. */
export interface AskedCall {
  callId: string;
  name: string;
  input?: unknown;
  /** `extension` for MCP tools, else `function`. */
  toolType: 'function' | 'extension';
  kind: ToolKind;
}

/**
 * The tools of the XML-call era (Cline before native tool calls, Roo Code):
 * a call is `<name><param>value</param>...</name>` in the assistant's text.
 * Only these names are read as calls, so that XML the model merely writes
 * about is not taken for one.
 */
const XML_TOOLS = new Set([
  'read_file',
  'write_to_file',
  'replace_in_file',
  'apply_diff',
  'insert_content',
  'search_and_replace',
  'edit_file',
  'apply_patch',
  'search_files',
  'list_files',
  'list_code_definition_names',
  'codebase_search',
  'execute_command',
  'browser_action',
  'use_mcp_tool',
  'access_mcp_resource',
  'ask_followup_question',
  'attempt_completion',
  'plan_mode_respond',
  'switch_mode',
  'new_task',
  'fetch_instructions',
  'update_todo_list',
  'run_slash_command',
  'generate_image',
  'web_fetch',
  'load_mcp_documentation',
  'condense',
  'summarize_task',
  'report_bug',
  'new_rule',
]);

const MCP = new Set(['use_mcp_tool', 'access_mcp_resource']);

const KINDS: Record<string, ToolKind> = {
  execute_command: 'shell',
  replace_in_file: 'file_edit',
  apply_diff: 'file_edit',
  insert_content: 'file_edit',
  search_and_replace: 'file_edit',
  list_files: 'file_read',
  list_code_definition_names: 'file_read',
  codebase_search: 'search',
  browser_action: 'web',
  new_task: 'sub_agent',
};

export function toolKind(name: string): ToolKind {
  return KINDS[name] ?? inferToolKind(name);
}

function asked(callId: string, name: string, input: unknown): AskedCall {
  return { callId, name, input, toolType: MCP.has(name) ? 'extension' : 'function', kind: toolKind(name) };
}

/** The text of an assistant message (its text blocks joined). */
export function messageText(message: ApiMessage): string {
  if (typeof message.content === 'string') return message.content;
  return message.content
    .filter((b) => isRecord(b) && b.type === 'text' && typeof b.text === 'string')
    .map((b) => (b as { text: string }).text)
    .join('\n');
}

/**
 * The calls of an assistant message: its `tool_use` blocks (ids as written),
 * else the XML calls in its text, with ids made from `key` (the message's
 * time, or its place in the history) and their rank in the message.
 */
export function askedCalls(message: ApiMessage, key: string): AskedCall[] {
  if (Array.isArray(message.content)) {
    const uses = message.content.filter((b) => isRecord(b) && b.type === 'tool_use' && typeof b.name === 'string');
    if (uses.length > 0) {
      return uses.map((b, i) => {
        const block = b as { id?: unknown; name: string; input?: unknown };
        return asked(typeof block.id === 'string' && block.id !== '' ? block.id : `${key}:${block.name}#${i}`, block.name, block.input);
      });
    }
  }
  return xmlCalls(messageText(message)).map((c, i) => asked(`${key}:${c.name}#${i}`, c.name, c.input));
}

const OPEN = /<([a-z_]+)>/g;
const PARAM = /<([a-z_]+)>([\s\S]*?)<\/\1>/g;

/** XML tool calls in a text, in order: each known `<name>` with its closing tag, its child elements as parameters. */
export function xmlCalls(text: string): Array<{ name: string; input: Record<string, string> }> {
  const out: Array<{ name: string; input: Record<string, string> }> = [];
  OPEN.lastIndex = 0;
  for (let open = OPEN.exec(text); open; open = OPEN.exec(text)) {
    const name = open[1] ?? '';
    if (!XML_TOOLS.has(name)) continue;
    const close = text.indexOf(`</${name}>`, open.index + open[0].length);
    if (close === -1) continue;
    const inner = text.slice(open.index + open[0].length, close);
    const input: Record<string, string> = {};
    PARAM.lastIndex = 0;
    for (let p = PARAM.exec(inner); p; p = PARAM.exec(inner)) input[p[1] ?? ''] = trimNewlines(p[2] ?? '');
    out.push({ name, input });
    OPEN.lastIndex = close + name.length + 3;
  }
  return out;
}

function trimNewlines(value: string): string {
  return value.replace(/^\n/, '').replace(/\n$/, '');
}
