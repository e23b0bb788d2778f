// A process that records one session of <spans> spans (a root and <spans> - 1
// tool calls) in one synchronous burst through the built package's live API,
// then ends:
//   node burst.mjs <spans> exit           just ends (the event loop runs dry)
//   node burst.mjs <spans> process-exit   calls process.exit(0) right after the burst
// Configured by the environment (AGENT_OTEL_JSONL_PATH, OTEL_EXPORTER_OTLP_ENDPOINT).
// Prints `produced <spans>` and, at exit, `exit <ms since start> <rss MiB>`.
import { createAgentTelemetry } from 'agent-otel';

const spans = Number(process.argv[2] ?? 1000);
const mode = process.argv[3] ?? 'exit';
const started = Date.now();
const telemetry = createAgentTelemetry({ serviceName: 'burst' });
const session = telemetry.startSession({ sessionId: `burst-${process.pid}` });
for (let i = 0; i < spans - 1; i++) session.startToolCall('Bash', { i }, { callId: `c${i}` }).end({ success: true });
session.end();
console.log(`produced ${spans}`);
process.on('exit', () => console.log(`exit ${Date.now() - started} ${Math.round(process.memoryUsage().rss / 1048576)}`));
if (mode === 'process-exit') process.exit(0);
