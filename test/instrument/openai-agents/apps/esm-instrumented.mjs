// An OpenAI Agents SDK agent that calls instrument() itself, for the test that it is traced once when it is
// also preloaded with agent-otel/register. A custom model answers offline: 21 input tokens, 4 output tokens.
import * as agents from '@openai/agents';
import { instrument } from 'agent-otel';

const { Agent, run, Usage } = instrument(agents);

class OfflineModel {
  async getResponse() {
    return {
      responseId: 'esm_1',
      output: [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'traced once' }] }],
      usage: new Usage({ requests: 1, inputTokens: 21, outputTokens: 4, totalTokens: 25 }),
    };
  }

  async *getStreamedResponse() {
    throw new Error('not streamed');
  }
}

const result = await run(new Agent({ name: 'esm-agent', model: new OfflineModel() }), 'hello');
console.log(result.finalOutput);
