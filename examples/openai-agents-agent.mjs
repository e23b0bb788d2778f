// A small OpenAI Agents SDK agent, traced by agent-otel with no change to its code:
//
//   npm run build && node --import agent-otel/register examples/openai-agents-agent.mjs
//
// With OPENAI_API_KEY set it asks OpenAI (gpt-4.1-mini); without, a scripted model answers, so it runs
// offline. Spans go to ./agent-otel-traces/ (AGENT_OTEL_JSONL_PATH to change it), and to a collector too
// when OTEL_EXPORTER_OTLP_ENDPOINT is set.
import { Agent, run, tool, Usage, withGenerationSpan } from '@openai/agents';
import { z } from 'zod';

const getWeather = tool({
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `${city}: 18°C, light rain`,
});

/**
 * A stand-in for OpenAI: it asks for the weather once, then answers. Like the SDK's own models, it
 * opens a generation span with its model name and usage, which is where agent-otel reads them.
 */
class ScriptedModel {
  turn = 0;

  async getResponse() {
    this.turn += 1;
    const first = this.turn === 1;
    return withGenerationSpan(async (span) => {
      span.spanData.model = 'scripted-weather-model';
      const usage = first ? { input_tokens: 310, output_tokens: 24 } : { input_tokens: 352, output_tokens: 19 };
      span.spanData.usage = usage;
      const output = first
        ? [{ type: 'function_call', callId: 'call_weather_1', name: 'get_weather', arguments: JSON.stringify({ city: 'Lisbon' }), status: 'completed' }]
        : [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Lisbon: 18°C and light rain. Take an umbrella.' }] }];
      return {
        responseId: `scripted_${this.turn}`,
        output,
        usage: new Usage({ requests: 1, inputTokens: usage.input_tokens, outputTokens: usage.output_tokens, totalTokens: usage.input_tokens + usage.output_tokens }),
      };
    });
  }

  async *getStreamedResponse() {
    throw new Error('the scripted model does not stream');
  }
}

const agent = new Agent({
  name: 'weather-assistant',
  instructions: 'Answer questions about the weather. Use get_weather.',
  model: process.env.OPENAI_API_KEY ? 'gpt-4.1-mini' : new ScriptedModel(),
  tools: [getWeather],
});

const result = await run(agent, 'Do I need an umbrella in Lisbon today?');
console.log(result.finalOutput);
