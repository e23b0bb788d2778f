// A process that records agent sessions through the built package's live API
// without end, until it is killed. After every round it flushes and prints
// `flushed <spans>`: spans acknowledged by every sink up to then.
//
//   node live-writer.mjs <spans per round> [tool output bytes]
//
// Configured by the environment (AGENT_OTEL_JSONL_PATH, OTEL_EXPORTER_OTLP_ENDPOINT, ...).
import { createAgentTelemetry } from 'agent-otel';

const perRound = Number(process.argv[2] ?? 500);
const outputBytes = Number(process.argv[3] ?? 0);
const telemetry = createAgentTelemetry({
  serviceName: 'crash-writer',
  flushOnExit: false,
  content: { capture: outputBytes > 0, maxLength: Math.max(16, outputBytes) },
  otlp: process.env.OTEL_EXPORTER_OTLP_ENDPOINT ? { url: `${process.env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, timeoutMillis: 2000 } : false,
});
const output = 'o'.repeat(outputBytes);
let produced = 0;
for (let round = 0; ; round++) {
  const session = telemetry.startSession({ sessionId: `crash-${process.pid}-${round}` });
  for (let i = 0; i < perRound - 1; i++) session.startToolCall('Bash', { i }, { callId: `c${i}` }).end({ success: true, output });
  session.end();
  produced += perRound;
  console.log(`produced ${produced}`);
  await telemetry.forceFlush();
  console.log(`flushed ${produced}`);
}
