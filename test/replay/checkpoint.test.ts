import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidCheckpointError } from '../../src/core/errors.js';
import { Checkpoint } from '../../src/replay/checkpoint.js';
import { defaultCheckpointPath } from '../../src/replay/checkpoint-file.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

describe('Checkpoint', () => {
  const tempDir = useTempDirs();

  it('records per destination and file, and a reopened checkpoint resumes there', async () => {
    const dir = tempDir();
    const input = join(dir, 'a.jsonl');
    writeFileSync(input, 'x'.repeat(3000));
    const path = join(dir, 'cp.json');
    const cp = await Checkpoint.open(path, 'http://one/v1/traces');
    cp.record({ file: input, offset: 2000, line: 7 });
    cp.rebaseShift = 123456789012345678901n;
    await cp.flush();

    const saved = JSON.parse(readFileSync(path, 'utf8')) as { version: number; destinations: Record<string, unknown> };
    expect(saved.version).toBe(1);
    expect(Object.keys(saved.destinations)).toEqual(['http://one/v1/traces']);
    // No temporary file is left behind by the atomic write.
    expect(readdirSync(dir).sort()).toEqual(['a.jsonl', 'cp.json']);

    const again = await Checkpoint.open(path, 'http://one/v1/traces');
    expect(await again.resumePosition(input, 3000)).toEqual({ position: { file: input, offset: 2000, line: 7 } });
    expect(again.rebaseShift).toBe(123456789012345678901n);
    // Another destination starts from nothing.
    const other = await Checkpoint.open(path, 'http://two/v1/traces');
    expect(await other.resumePosition(input, 3000)).toEqual({});
  });

  it('resets a file that was replaced (other first bytes) or truncated', async () => {
    const dir = tempDir();
    const input = join(dir, 'a.jsonl');
    writeFileSync(input, 'a'.repeat(500));
    const path = join(dir, 'cp.json');
    const cp = await Checkpoint.open(path, 'd');
    cp.record({ file: input, offset: 400, line: 2 });
    await cp.flush();

    writeFileSync(input, `b${'a'.repeat(499)}`);
    const replaced = await (await Checkpoint.open(path, 'd')).resumePosition(input, 500);
    expect(replaced.position).toBeUndefined();
    expect(replaced.reset).toMatch(/same bytes/);

    writeFileSync(input, 'a'.repeat(100));
    const truncated = await (await Checkpoint.open(path, 'd')).resumePosition(input, 100);
    expect(truncated.position).toBeUndefined();
    expect(truncated.reset).toMatch(/shorter/);
  });

  it('keeps refused lines apart: resumed past them, they come back to be sent again until acknowledged', async () => {
    const dir = tempDir();
    const input = join(dir, 'a.jsonl');
    writeFileSync(input, 'x'.repeat(3000));
    const path = join(dir, 'cp.json');
    const cp = await Checkpoint.open(path, 'd');
    cp.refuse({ file: input, offset: 100, line: 3, end: 300, endLine: 6 });
    cp.refuse({ file: input, offset: 2500, line: 40, end: 2600, endLine: 42 }); // past the position: read again anyway
    cp.record({ file: input, offset: 2000, line: 30 });
    await cp.flush();

    const again = await Checkpoint.open(path, 'd');
    expect(await again.resumePosition(input, 3000)).toEqual({
      position: { file: input, offset: 2000, line: 30 },
      refused: [{ file: input, offset: 100, line: 3, end: 300, endLine: 6 }],
    });
    again.acknowledge({ file: input, offset: 100, line: 3, end: 200, endLine: 5 });
    await again.flush();
    const third = await Checkpoint.open(path, 'd');
    expect((await third.resumePosition(input, 3000)).refused).toEqual([{ file: input, offset: 200, line: 5, end: 300, endLine: 6 }]);
    third.acknowledge({ file: input, offset: 200, line: 5, end: 300, endLine: 6 });
    expect(await third.resumePosition(input, 3000)).toEqual({ position: { file: input, offset: 2000, line: 30 } });
  });

  it.each([
    ['refused ranges that are not ranges', '{"version":1,"destinations":{"d":{"files":{"/f":{"offset":1,"line":1,"headBytes":0,"head":"","refused":[{"offset":1}]}}}}}'],
    ['not JSON', '{"version":1,'],
    ['another document', '{"hello":"world"}'],
    ['a bad entry', '{"version":1,"destinations":{"d":{"files":{"/f":{"offset":"x"}}}}}'],
  ])('refuses %s with an InvalidCheckpointError', async (_name, text) => {
    const path = join(tempDir(), 'cp.json');
    writeFileSync(path, text);
    await expect(Checkpoint.open(path, 'd')).rejects.toBeInstanceOf(InvalidCheckpointError);
  });

  it('default path is a hidden file next to the input', () => {
    expect(defaultCheckpointPath('/data/run.jsonl', false)).toBe('/data/.run.jsonl.agent-otel-replay.checkpoint.json');
    expect(defaultCheckpointPath('/data/traces', true)).toBe('/data/traces/.agent-otel-replay.checkpoint.json');
  });
});
