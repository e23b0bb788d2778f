interface Hook {
  target: WeakRef<object>;
  run: (target: object) => void;
}

/** Newest last; run newest first. */
const hooks: Hook[] = [];
const byTarget = new WeakMap<object, Hook>();
const finalizer = new FinalizationRegistry<Hook>((hook) => forget(hook));

function forget(hook: Hook): void {
  const index = hooks.indexOf(hook);
  if (index >= 0) hooks.splice(index, 1);
  if (hooks.length === 0) process.off('exit', runAll);
}

function runAll(): void {
  for (const hook of hooks.slice().reverse()) {
    const target = hook.target.deref();
    if (target === undefined) continue;
    try {
      hook.run(target);
    } catch {
      // The process is ending; the next hook still runs.
    }
  }
}

/**
 * Runs `run(target)` synchronously when the process exits (the `exit` event,
 * also after `process.exit()`), as pino flushes its destination on exit. The
 * target is held weakly: registering never keeps an object alive, and one
 * that is collected is forgotten (the leak-free registry of on-exit-leak-free).
 * Hooks run newest first, so something that feeds a sink (registered after it)
 * hands over what it holds before the sink writes. `run` must not capture
 * `target`. Only `exit` is listened to: signals stay the application's.
 */
export function onExitSync<T extends object>(target: T, run: (target: T) => void): void {
  if (byTarget.has(target)) return;
  const hook: Hook = { target: new WeakRef(target), run: run as (target: object) => void };
  if (hooks.length === 0) process.on('exit', runAll);
  hooks.push(hook);
  byTarget.set(target, hook);
  finalizer.register(target, hook, hook);
}

/** Removes the hook of `target` (after its shutdown). */
export function offExitSync(target: object): void {
  const hook = byTarget.get(target);
  if (!hook) return;
  byTarget.delete(target);
  finalizer.unregister(hook);
  forget(hook);
}
