/**
 * The tool calls a session line completes: Claude Code `tool_result` blocks
 * (their `tool_use_id`) and Codex `function_call_output` /
 * `custom_tool_call_output` items (their `call_id`). The span of each call
 * carries the id as `gen_ai.tool.call.id`, which is how a benchmark finds the
 * span a line completed in the output.
 */
export function toolResultIds(line) {
  let record;
  try {
    record = JSON.parse(line);
  } catch {
    return [];
  }
  const ids = [];
  const content = record?.message?.content;
  if (record?.type === 'user' && Array.isArray(content)) {
    for (const block of content) if (block?.type === 'tool_result' && typeof block.tool_use_id === 'string') ids.push(block.tool_use_id);
  }
  const payload = record?.payload;
  if (record?.type === 'response_item' && (payload?.type === 'function_call_output' || payload?.type === 'custom_tool_call_output') && typeof payload.call_id === 'string') {
    ids.push(payload.call_id);
  }
  return ids;
}

const CALL_ID = 'gen_ai.tool.call.id';

/** The `gen_ai.tool.call.id` of every span in one OTLP/JSON line (agent-otel's JSONL or the Collector's file exporter). */
export function spanCallIds(line) {
  const ids = [];
  let doc;
  try {
    doc = JSON.parse(line);
  } catch {
    return ids;
  }
  for (const rs of doc?.resourceSpans ?? []) {
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) {
        const attr = (span.attributes ?? []).find((a) => a.key === CALL_ID);
        const id = attr?.value?.stringValue;
        if (typeof id === 'string') ids.push(id);
      }
    }
  }
  return ids;
}

/**
 * The tool calls a session line starts, as `[id, tool name]` (Claude Code `tool_use` blocks, Codex calls).
 * @returns {[string, string][]}
 */
export function toolUses(line) {
  let record;
  try {
    record = JSON.parse(line);
  } catch {
    return [];
  }
  /** @type {[string, string][]} */
  const uses = [];
  const content = record?.message?.content;
  if (record?.type === 'assistant' && Array.isArray(content)) {
    for (const block of content) if (block?.type === 'tool_use' && typeof block.id === 'string') uses.push([block.id, String(block.name)]);
  }
  const payload = record?.payload;
  if (record?.type === 'response_item' && (payload?.type === 'function_call' || payload?.type === 'custom_tool_call') && typeof payload.call_id === 'string') {
    uses.push([payload.call_id, String(payload.name)]);
  }
  return uses;
}
