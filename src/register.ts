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
 *
 * It also traces the agent runs of the SDKs agent-otel knows (Claude Agent
 * SDK, Vercel AI SDK, OpenAI Agents, LangChain/LangGraph) that the application
 * loads after it: see src/instrument/.
 */
import { readBoolean } from './config/env.js';
import { getTelemetry } from './live/global.js';
import { registerSdkHooks } from './instrument/register-sdk-hooks.js';

getTelemetry({ handleSignals: readBoolean(undefined, 'AGENT_OTEL_HANDLE_SIGNALS', true) });
registerSdkHooks();
