// A small agent on the Claude Agent SDK, traced by agent-otel with no tracing code of its own.
//
//   npm run build && node --import agent-otel/register examples/claude-agent-sdk-agent.mjs
//
// With ANTHROPIC_API_KEY set it runs Claude Code (the SDK's bundled CLI) for real. Without it, the SDK
// runs this very file as its CLI (`pathToClaudeCodeExecutable`): a mock that speaks Claude Code's
// stream-json protocol and answers with a scripted turn (a Glob call, then the answer), so the example
// runs offline. Spans go to ./agent-otel-traces/ (AGENT_OTEL_JSONL_PATH to change it).
import { readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const PROMPT = 'How many .mjs files are in the examples folder?';

if (process.argv.includes('--output-format')) mockClaudeCode();
else await agent();

async function agent() {
  const { query } = await import('@anthropic-ai/claude-agent-sdk');
  const live = process.env.ANTHROPIC_API_KEY !== undefined && process.env.ANTHROPIC_API_KEY !== '';
  const options = live
    ? { allowedTools: ['Glob'], permissionMode: 'dontAsk', maxTurns: 4 }
    : { pathToClaudeCodeExecutable: fileURLToPath(import.meta.url) };
  for await (const message of query({ prompt: PROMPT, options })) {
    if (message.type === 'assistant') {
      for (const block of message.message.content) if (block.type === 'text') console.log(`claude: ${block.text}`);
    }
    if (message.type === 'result') console.log(`${message.subtype}, ${message.num_turns} turns, $${message.total_cost_usd.toFixed(4)}`);
  }
}

/** The mock CLI: answers the SDK's control requests, and plays one turn when the prompt arrives. */
function mockClaudeCode() {
  const session_id = crypto.randomUUID();
  const model = 'claude-sonnet-4-5-20250929';
  const write = (message) => process.stdout.write(`${JSON.stringify({ session_id, uuid: crypto.randomUUID(), ...message })}\n`);
  const usage = (input, cacheRead, output) => ({ input_tokens: input, cache_creation_input_tokens: 0, cache_read_input_tokens: cacheRead, output_tokens: output });
  const assistant = (id, block, u, stop) => ({ type: 'assistant', parent_tool_use_id: null, message: { id, type: 'message', role: 'assistant', model, content: [block], stop_reason: stop, usage: u } });
  const files = readdirSync(fileURLToPath(new URL('.', import.meta.url))).filter((f) => f.endsWith('.mjs'));
  const turn = () => {
    write({ type: 'system', subtype: 'init', model, cwd: process.cwd(), tools: ['Glob'], claude_code_version: 'mock', mcp_servers: [], permissionMode: 'dontAsk', apiKeySource: 'none' });
    write(assistant('msg_mock_1', { type: 'tool_use', id: 'toolu_mock_glob', name: 'Glob', input: { pattern: 'examples/*.mjs' } }, usage(3, 5200, 48), 'tool_use'));
    write({ type: 'user', parent_tool_use_id: null, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_mock_glob', content: files.map((f) => `examples/${f}`).join('\n') }] } });
    const answer = `There are ${files.length} .mjs files in examples/.`;
    write(assistant('msg_mock_2', { type: 'text', text: answer }, usage(6, 5290, 17), 'end_turn'));
    const modelUsage = { [model]: { inputTokens: 9, outputTokens: 65, cacheReadInputTokens: 10490, cacheCreationInputTokens: 0, webSearchRequests: 0, costUSD: 0.0042, contextWindow: 200000, maxOutputTokens: 64000 } };
    write({ type: 'result', subtype: 'success', is_error: false, result: answer, num_turns: 2, duration_ms: 40, duration_api_ms: 30, stop_reason: 'end_turn', total_cost_usd: 0.0042, usage: usage(9, 10490, 65), modelUsage, permission_denials: [] });
  };
  createInterface({ input: process.stdin })
    .on('line', (line) => {
      const message = JSON.parse(line);
      if (message.type === 'control_request') write({ type: 'control_response', response: { subtype: 'success', request_id: message.request_id, response: {} } });
      else if (message.type === 'user') turn();
    })
    .on('close', () => process.exit(0));
}
