// An OpenAI Agents SDK agent loaded with require(), for the test that `node --import agent-otel/register`
// traces CommonJS applications too. A custom model answers offline: 12 input tokens, 3 output tokens.
const { Agent, run, Usage } = require('@openai/agents');

class OfflineModel {
  async getResponse() {
    return {
      responseId: 'cjs_1',
      output: [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'hello from CommonJS' }] }],
      usage: new Usage({ requests: 1, inputTokens: 12, outputTokens: 3, totalTokens: 15 }),
    };
  }

  async *getStreamedResponse() {
    throw new Error('not streamed');
  }
}

run(new Agent({ name: 'cjs-agent', model: new OfflineModel() }), 'hello').then((result) => console.log(result.finalOutput));
