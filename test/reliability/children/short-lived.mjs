// A short-lived agent process using the built package's live API (configured
// by the environment), and no explicit shutdown unless the mode says so:
//   node short-lived.mjs exit        records a session and just ends (beforeExit flushes)
//   node short-lived.mjs signal      handleSignals: true; leaves a tool call open, prints `ready`
//                                    and waits for SIGINT/SIGTERM
//   node short-lived.mjs app-signal  the defaults (signals are the application's) and a SIGTERM
//                                    handler of its own: after the signal it records one more call
//                                    (`after-signal`), waits 300 ms, prints `app done`, shuts the
//                                    telemetry down and exits with code 0
//   node --import agent-otel/register short-lived.mjs register
//                                    the process-wide telemetry of agent-otel/register; as `signal`
import { createAgentTelemetry, getTelemetry } from 'agent-otel';

const mode = process.argv[2] ?? 'exit';
const telemetry =
  mode === 'register' ? getTelemetry() : createAgentTelemetry({ serviceName: 'short-lived', ...(mode === 'signal' ? { handleSignals: true } : {}) });
const session = telemetry.startSession({ sessionId: `short-${mode}` });
session.startToolCall('Read', { path: 'a' }, { callId: 'done' }).end({ success: true });
const open = session.startToolCall('Bash', { command: 'sleep 100' }, { callId: 'open' });
if (mode === 'exit') {
  open.end({ success: true });
  session.end();
} else {
  if (mode === 'app-signal') {
    process.on('SIGTERM', () => {
      session.startToolCall('Write', { path: 'b' }, { callId: 'after-signal' }).end({ success: true });
      setTimeout(() => {
        console.log('app done');
        void telemetry.shutdown().then(() => process.exit(0));
      }, 300);
    });
  }
  console.log('ready');
  setInterval(() => undefined, 1000);
}
