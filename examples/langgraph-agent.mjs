// A LangGraph ReAct agent with no tracing code: agent-otel/register traces it.
//
//   npm run build && node --import agent-otel/register examples/langgraph-agent.mjs
//
// With OPENAI_API_KEY set and @langchain/openai installed, it asks gpt-4o-mini;
// otherwise a scripted model answers, offline. Spans go to ./agent-otel-traces/
// (AGENT_OTEL_JSONL_PATH to change it), and to a collector too when
// OTEL_EXPORTER_OTLP_ENDPOINT is set.
import { readdir } from 'node:fs/promises';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { z } from 'zod';

/** A model that asks for the file list, then answers with what the tool said, with usage as a provider reports it. */
class ScriptedModel extends BaseChatModel {
  _llmType() {
    return 'scripted';
  }

  getLsParams(options) {
    return { ...super.getLsParams(options), ls_provider: 'example', ls_model_name: 'scripted-model-1' };
  }

  bindTools() {
    return this;
  }

  async _generate(messages) {
    const last = messages.at(-1);
    const message =
      last?.getType() === 'tool'
        ? new AIMessage({ content: `There are ${String(last.content).split('\n').length} entries here.`, usage_metadata: { input_tokens: 310, output_tokens: 12, total_tokens: 322 }, response_metadata: { finish_reason: 'stop' } })
        : new AIMessage({
            content: '',
            tool_calls: [{ id: 'call_list_1', name: 'list_files', args: { path: '.' } }],
            usage_metadata: { input_tokens: 240, output_tokens: 18, total_tokens: 258, input_token_details: { cache_read: 128 } },
            response_metadata: { finish_reason: 'tool_calls' },
          });
    return { generations: [{ message, text: typeof message.content === 'string' ? message.content : '' }] };
  }
}

async function chooseModel() {
  if (process.env.OPENAI_API_KEY) {
    try {
      const { ChatOpenAI } = await import('@langchain/openai');
      return new ChatOpenAI({ model: 'gpt-4o-mini' });
    } catch {
      console.error('OPENAI_API_KEY is set but @langchain/openai is not installed: using the scripted model');
    }
  }
  return new ScriptedModel({});
}

const listFiles = tool(async ({ path }) => (await readdir(path)).join('\n'), {
  name: 'list_files',
  description: 'Lists the entries of a folder',
  schema: z.object({ path: z.string() }),
});

const agent = createReactAgent({ llm: await chooseModel(), tools: [listFiles], name: 'file_counter' });
const result = await agent.invoke({ messages: [{ role: 'user', content: 'How many files are in this folder?' }] });
console.log(result.messages.at(-1)?.content);
