// Records one session of <spans> spans through the built package's live API,
// awaits forceFlush() at the top level with nothing else keeping the process
// alive, prints `flushed` and ends (flushOnExit off, so only that flush sends):
//   node flush-and-end.mjs <spans>
// Configured by the environment (AGENT_OTEL_JSONL_PATH, OTEL_EXPORTER_OTLP_ENDPOINT).
import { createAgentTelemetry } from 'agent-otel';

const spans = Number(process.argv[2] ?? 10);
const telemetry = createAgentTelemetry({ serviceName: 'flush-and-end', flushOnExit: false });
const session = telemetry.startSession({ sessionId: `flush-${process.pid}` });
for (let i = 0; i < spans - 1; i++) session.startToolCall('Bash', { i }, { callId: `c${i}` }).end({ success: true });
session.end();
await telemetry.forceFlush();
console.log(`flushed ${JSON.stringify(telemetry.stats().sinks)}`);
