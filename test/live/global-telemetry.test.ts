import { describe, expect, it } from 'vitest';
import { AgentTelemetry } from '../../src/live/agent-telemetry.js';
import { getTelemetry, setTelemetry } from '../../src/live/global.js';
import { useDiagCapture } from '../support/isolation/diag-capture.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();
const captureDiag = useDiagCapture();

/** diag warnings about getTelemetry's options. */
const ignoredWarnings = (messages: string[]) => messages.filter((m) => m.startsWith('warn ') && m.includes('getTelemetry: called again with other options'));

// One test: the process-wide telemetry lives as long as this file's process, so the steps share it.
describe('getTelemetry', () => {
  it('returns the first telemetry on every call; other options are said to be ignored, once, and never thrown', async () => {
    const messages = captureDiag();
    const first = { serviceName: 'first', flushOnExit: false, env: { AGENT_OTEL_JSONL_PATH: tempDir() } };
    const telemetry = getTelemetry(first);
    expect(telemetry.serviceName).toBe('first');

    // No options, or the same ones again (an equal copy): the same telemetry, nothing said.
    expect(getTelemetry()).toBe(telemetry);
    expect(getTelemetry({ ...first, env: { ...first.env } })).toBe(telemetry);
    expect(telemetry.stats().rejected).toBe(0);
    expect(ignoredWarnings(messages)).toEqual([]);

    // Other options: still the same telemetry, and it says so.
    expect(getTelemetry({ ...first, serviceName: 'second' })).toBe(telemetry);
    expect(telemetry.serviceName).toBe('first');
    expect(ignoredWarnings(messages)).toHaveLength(1);
    expect(telemetry.stats()).toMatchObject({ rejected: 1, lastError: expect.stringContaining('getTelemetry: called again with other options') });

    // Said once: a third set of options adds nothing.
    expect(getTelemetry({ serviceName: 'third' })).toBe(telemetry);
    expect(ignoredWarnings(messages)).toHaveLength(1);
    expect(telemetry.stats().rejected).toBe(1);

    // A telemetry given to setTelemetry was made with options getTelemetry does not know: any options are ignored, said once for it.
    const replacement = new AgentTelemetry({ serviceName: 'replacement', flushOnExit: false, env: { AGENT_OTEL_JSONL_PATH: tempDir() } });
    setTelemetry(replacement);
    expect(getTelemetry()).toBe(replacement);
    expect(replacement.stats().rejected).toBe(0);
    expect(getTelemetry(first)).toBe(replacement);
    expect(getTelemetry(first)).toBe(replacement);
    expect(replacement.stats().rejected).toBe(1);
    expect(ignoredWarnings(messages)).toHaveLength(2);

    await telemetry.shutdown();
    await replacement.shutdown();
  });
});
