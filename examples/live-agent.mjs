// A toy agent instrumented with agent-otel's live API.
//
//   npm run build && node examples/live-agent.mjs
//
// Spans go to ./agent-otel-traces/ (AGENT_OTEL_JSONL_PATH to change it), and to a
// collector too when OTEL_EXPORTER_OTLP_ENDPOINT is set.
import { createAgentTelemetry } from 'agent-otel';

const telemetry = createAgentTelemetry({ serviceName: 'toy-agent' });

const session = telemetry.startSession({ model: 'toy-model-1', provider: 'example', cwd: process.cwd() });
session.message('user', 'How many files are in this folder?');

// One model response that asks for a tool.
const chat = session.startModelCall({ model: 'toy-model-1' });
await new Promise((resolve) => setTimeout(resolve, 30));
chat.end({ responseId: 'resp-1', usage: { input: 420, output: 35 }, finishReasons: ['tool_calls'] });

// The tool call it asked for.
const list = session.startToolCall('list_files', { path: '.' });
try {
  const { readdir } = await import('node:fs/promises');
  const files = await readdir('.');
  list.end({ success: true, output: files.join('\n') });
} catch (error) {
  list.fail(error, 'tool_error');
}

// A subagent, launched by a tool call, in the same trace under that call.
const delegate = session.startToolCall('delegate', { task: 'summarise README.md' }, { kind: 'sub_agent' });
const helper = telemetry.startSession({ agentName: 'summariser', parent: { sessionId: session.sessionId, toolCallId: delegate.callId } });
const read = helper.startToolCall('read_file', { path: 'README.md' });
read.fail('ENOENT: no such file', 'tool_error');
helper.end({ outcome: 'error', error: 'nothing to summarise' });
delegate.end({ success: false, error: 'subagent failed' });

const answer = session.startModelCall({ model: 'toy-model-1' });
answer.end({ responseId: 'resp-2', usage: { input: 510, output: 12 }, finishReasons: ['stop'] });
session.end();

await telemetry.shutdown();
const { spans, sinks } = telemetry.stats();
console.log(`${spans.spans} spans, ${spans.toolCalls} tool calls (${spans.toolFailures} failed); JSONL exported ${sinks.jsonl?.exported ?? 0}`);
