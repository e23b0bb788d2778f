/**
 * Side-effect import: `import 'agent-otel/register'` (or
 * `node --import agent-otel/register app.js`) sets up the process-wide
 * telemetry from the environment, flushed when the process exits. Get it with
 * `getTelemetry()` from `agent-otel`.
 *
 * Unlike `createAgentTelemetry`, it also flushes on SIGINT and SIGTERM
 * (AGENT_OTEL_HANDLE_SIGNALS=false turns that off): preloaded with --import,
 * it runs in an application written without it, which has no handler that
 * would call `shutdown()`. An application that handles a signal itself keeps
 * that signal: the process is then ended by its handler, not by agent-otel.
 */
import { readBoolean } from './config/env.js';
import { getTelemetry } from './live/global.js';

getTelemetry({ handleSignals: readBoolean(undefined, 'AGENT_OTEL_HANDLE_SIGNALS', true) });
