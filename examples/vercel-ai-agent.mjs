// A small agent on the Vercel AI SDK (`ai`), traced with no code of agent-otel's in it:
//
//   npm run build && node --import agent-otel/register examples/vercel-ai-agent.mjs
//
// With AI_GATEWAY_API_KEY set it asks a real model through the Vercel AI Gateway
// (AGENT_MODEL to pick one, default openai/gpt-5-mini); without it, a scripted mock model answers, offline.
// Spans go to ./agent-otel-traces/ (AGENT_OTEL_JSONL_PATH to change it): one invoke_agent span
// for the run, a chat span per model call, an execute_tool span per tool call, and the
// researcher agent, used as a tool, nested under the call that ran it.
import { ToolLoopAgent, stepCountIs, tool } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { z } from 'zod';

/** A mock model that plays `turns` in order: each asks for tools, or answers. */
function scripted(name, turns) {
  let turn = 0;
  return new MockLanguageModelV3({
    provider: 'mock',
    modelId: name,
    doGenerate: async () => {
      const { text, calls = [] } = turns[Math.min(turn, turns.length - 1)];
      turn += 1;
      return {
        content: [...(text ? [{ type: 'text', text }] : []), ...calls.map(([toolName, input], i) => ({ type: 'tool-call', toolCallId: `${name}-${turn}-${i}`, toolName, input: JSON.stringify(input) }))],
        finishReason: { unified: calls.length > 0 ? 'tool-calls' : 'stop', raw: undefined },
        usage: { inputTokens: { total: 300 * turn, noCache: 300 * turn, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 40, text: 40, reasoning: 0 } },
        warnings: [],
        response: { id: `${name}-response-${turn}`, modelId: name },
      };
    },
  });
}

const live = Boolean(process.env.AI_GATEWAY_API_KEY);
const model = (name, turns) => (live ? (process.env.AGENT_MODEL ?? 'openai/gpt-5-mini') : scripted(name, turns));

const files = { 'notes.md': 'Ship on Friday. Tests are flaky on CI.', 'todo.md': '- fix flaky test\n- write release notes' };
const readFile = tool({
  description: 'Read one file of the project',
  inputSchema: z.object({ path: z.string() }),
  execute: async ({ path }) => {
    if (!(path in files)) throw new Error(`no such file: ${path}`);
    return files[path];
  },
});

const researcher = new ToolLoopAgent({
  id: 'researcher',
  model: model('mock-researcher', [{ calls: [['readFile', { path: 'notes.md' }], ['readFile', { path: 'missing.md' }]] }, { text: 'The notes say: ship Friday, CI tests are flaky.' }]),
  instructions: 'Read the files you are asked about and summarise them in one sentence.',
  tools: { readFile },
  stopWhen: stepCountIs(4),
});

const lead = new ToolLoopAgent({
  id: 'release-lead',
  model: model('mock-lead', [{ calls: [['research', { question: 'What do the notes say?' }]] }, { calls: [['readFile', { path: 'todo.md' }]] }, { text: 'Fix the flaky test, then write the release notes and ship on Friday.' }]),
  instructions: 'Plan the release. Use the researcher for questions about the notes.',
  tools: {
    readFile,
    research: tool({
      description: 'Ask the researcher agent a question',
      inputSchema: z.object({ question: z.string() }),
      execute: async ({ question }) => (await researcher.generate({ prompt: question })).text,
    }),
  },
  stopWhen: stepCountIs(6),
});

const result = await lead.generate({ prompt: 'What is left before the release?' });
console.log(result.text);
