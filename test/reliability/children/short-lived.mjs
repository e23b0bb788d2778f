// A short-lived agent process using the built package's live API with its
// defaults (configured by the environment), and no explicit shutdown:
//   node short-lived.mjs exit     records a session and just ends (beforeExit flushes)
//   node short-lived.mjs signal   leaves a tool call open, prints `ready` and waits for SIGINT/SIGTERM
import { createAgentTelemetry } from 'agent-otel';

const mode = process.argv[2] ?? 'exit';
const telemetry = createAgentTelemetry({ serviceName: 'short-lived' });
const session = telemetry.startSession({ sessionId: `short-${mode}` });
session.startToolCall('Read', { path: 'a' }, { callId: 'done' }).end({ success: true });
const open = session.startToolCall('Bash', { command: 'sleep 100' }, { callId: 'open' });
if (mode === 'exit') {
  open.end({ success: true });
  session.end();
} else {
  console.log('ready');
  setInterval(() => undefined, 1000);
}
