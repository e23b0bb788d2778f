import { diag } from '@opentelemetry/api';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface ExitHookOptions {
  /** Flush on `beforeExit`, when the event loop runs dry. */
  beforeExit: boolean;
  /** Flush on SIGINT and SIGTERM too, then end the process with the signal unless the application listens to it. */
  signals: boolean;
  /** How long a flush may take before the process goes on without it (default 5000 ms). */
  timeoutMillis?: number;
}

interface Hook extends ExitHookOptions {
  flush: () => Promise<void>;
  running?: Promise<void>;
}

/**
 * Every registered hook. The process gets one listener per event however many
 * hooks there are (no MaxListeners warning with many telemetries), and none
 * once the last hook is removed: nothing is left behind after shutdown.
 * Hooks are held until removed, not weakly: a telemetry nobody references may
 * still hold open sessions, whose spans only its flush writes.
 */
const hooks = new Set<Hook>();
let listening = { beforeExit: false, signals: false };

function runOnce(hook: Hook): Promise<void> {
  hook.running ??= Promise.race([
    hook.flush().catch((error: unknown) => diag.error('agent-otel: flush on exit failed', error)),
    new Promise<void>((resolve) => setTimeout(resolve, hook.timeoutMillis ?? 5000).unref()),
  ]);
  return hook.running;
}

function onBeforeExit(): void {
  for (const hook of hooks) if (hook.beforeExit) void runOnce(hook);
}

function onSignal(signal: NodeJS.Signals): void {
  // Ours is one listener; any other is the application's, and then ending the process is its call.
  const othersListen = process.listenerCount(signal) > 1;
  const flushes = [...hooks].filter((hook) => hook.signals).map(runOnce);
  void Promise.all(flushes).then(() => {
    if (othersListen) return;
    process.off(signal, onSignal);
    process.kill(process.pid, signal);
  });
}

/** Adds or removes the process listeners so that they match what the hooks ask for. */
function listen(): void {
  const want = { beforeExit: false, signals: false };
  for (const hook of hooks) {
    want.beforeExit ||= hook.beforeExit;
    want.signals ||= hook.signals;
  }
  if (want.beforeExit !== listening.beforeExit) {
    if (want.beforeExit) process.on('beforeExit', onBeforeExit);
    else process.off('beforeExit', onBeforeExit);
  }
  if (want.signals !== listening.signals) {
    for (const signal of SIGNALS) {
      if (want.signals) process.on(signal, onSignal);
      else process.off(signal, onSignal);
    }
  }
  listening = want;
}

/**
 * Runs `flush` once when the process is about to end: on `beforeExit` and,
 * only when asked, on SIGINT / SIGTERM. By default signals stay the
 * application's, as pino leaves them: it calls `shutdown()` from its own
 * handler. With `signals`, the signal is raised again after the flush when no
 * other listener handles it, so the process still ends the way it would have
 * without us. Returns a function that removes the hook.
 */
export function onProcessExit(flush: () => Promise<void>, options: ExitHookOptions): () => void {
  const hook: Hook = { ...options, flush };
  if (!hook.beforeExit && !hook.signals) return () => undefined;
  hooks.add(hook);
  listen();
  return () => {
    if (hooks.delete(hook)) listen();
  };
}
