import { afterEach, describe, expect, it } from 'vitest';
import { AgentTelemetry } from '../../src/live/agent-telemetry.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();
const EVENTS = ['beforeExit', 'SIGINT', 'SIGTERM'] as const;
type Counts = Record<(typeof EVENTS)[number], number>;

const open: AgentTelemetry[] = [];
afterEach(async () => {
  for (const telemetry of open.splice(0)) await telemetry.shutdown();
});

function listeners(): Counts {
  return Object.fromEntries(EVENTS.map((event) => [event, process.listenerCount(event)])) as Counts;
}

/** Listeners added since `before`, per event. */
function added(before: Counts): Counts {
  const now = listeners();
  return Object.fromEntries(EVENTS.map((event) => [event, now[event] - before[event]])) as Counts;
}

function telemetry(options: ConstructorParameters<typeof AgentTelemetry>[0] = {}, env: Record<string, string> = {}): AgentTelemetry {
  const made = new AgentTelemetry({ ...options, env: { AGENT_OTEL_JSONL_PATH: tempDir(), ...env } });
  open.push(made);
  return made;
}

describe('process hooks of the live API', () => {
  it('by default listen to beforeExit only: signals stay the application’s', () => {
    const before = listeners();
    telemetry();
    expect(added(before)).toEqual({ beforeExit: 1, SIGINT: 0, SIGTERM: 0 });
  });

  it('share one listener per event however many telemetries there are, and leave none after their shutdown', async () => {
    const before = listeners();
    const many = Array.from({ length: 15 }, (_, i) => telemetry({ handleSignals: i % 2 === 0 }));
    expect(added(before)).toEqual({ beforeExit: 1, SIGINT: 1, SIGTERM: 1 });
    for (const one of many.filter((_, i) => i % 2 === 0)) await one.shutdown();
    // Signal handling was asked for by the even ones only: with them shut down, the signals are free again.
    expect(added(before)).toEqual({ beforeExit: 1, SIGINT: 0, SIGTERM: 0 });
    for (const one of many) await one.shutdown();
    expect(added(before)).toEqual({ beforeExit: 0, SIGINT: 0, SIGTERM: 0 });
  });

  it.each([
    ['handleSignals: true', { handleSignals: true }, {}, 1],
    ['AGENT_OTEL_HANDLE_SIGNALS=true', {}, { AGENT_OTEL_HANDLE_SIGNALS: 'true' }, 1],
    ['handleSignals: false over AGENT_OTEL_HANDLE_SIGNALS=true', { handleSignals: false }, { AGENT_OTEL_HANDLE_SIGNALS: 'true' }, 0],
    ['AGENT_OTEL_HANDLE_SIGNALS=0', {}, { AGENT_OTEL_HANDLE_SIGNALS: '0' }, 0],
  ] as const)('signal listeners with %s: %i each', (_name, options, env, expected) => {
    const before = listeners();
    telemetry(options, env);
    expect(added(before)).toEqual({ beforeExit: 1, SIGINT: expected, SIGTERM: expected });
  });

  it('flushOnExit: false with signal handling listens to the signals only; with neither, to nothing', () => {
    const before = listeners();
    telemetry({ flushOnExit: false });
    expect(added(before)).toEqual({ beforeExit: 0, SIGINT: 0, SIGTERM: 0 });
    telemetry({ flushOnExit: false, handleSignals: true });
    expect(added(before)).toEqual({ beforeExit: 0, SIGINT: 1, SIGTERM: 1 });
  });
});
