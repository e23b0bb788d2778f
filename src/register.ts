/**
 * Side-effect import: `import 'agent-otel/register'` (or
 * `node --import agent-otel/register app.js`) sets up the process-wide
 * telemetry from the environment, flushed when the process exits. Get it with
 * `getTelemetry()` from `agent-otel`.
 */
import { getTelemetry } from './live/global.js';

getTelemetry();
