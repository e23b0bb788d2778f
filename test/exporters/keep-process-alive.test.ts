import { describe, expect, it } from 'vitest';
import { useBlackHoles } from '../support/receivers/use-receivers.js';
import { runTimed } from '../support/processes/timed-child.js';

const blackHole = useBlackHoles();

/** The request's deadline: a process that waits for the answer ends after it, one that does not ends well before. */
const TIMEOUT_MS = 6000;

describe('OTLP exporter keepProcessAlive, a request to a collector that never answers', () => {
  const run = async (mode: 'keep' | 'unref') => {
    const url = `${await blackHole()}/v1/traces`;
    const result = await runTimed('test/reliability/children/one-export.mjs', [url, String(TIMEOUT_MS), mode], {}, 60_000);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('exported');
    return result.ms;
  };

  it('true (the default): holds the process until the request times out', async () => {
    expect(await run('keep')).toBeGreaterThanOrEqual(TIMEOUT_MS);
  });

  it('false (the live API): the process ends when the rest of it is done', async () => {
    expect(await run('unref')).toBeLessThan(TIMEOUT_MS);
  });
});
