import { describe, expect, it } from 'vitest';
import { ProgressBar, renderProgress } from '../../src/replay/progress-bar.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, write: (chunk: string) => (writes.push(chunk), true) };
}

describe('progress bar', () => {
  it.each([
    [0, 100, '[........]   0%'],
    [50, 100, '[####....]  50%'],
    [100, 100, '[########] 100%'],
    [0, 0, '[########] 100%'],
  ])('%i of %i bytes -> %s', (done, total, expected) => {
    expect(renderProgress({ doneBytes: done, totalBytes: total, spans: 3, requests: 1 }, 8)).toContain(expected);
  });

  it('draws on a TTY and clears its line', () => {
    const tty = stream(true);
    const bar = new ProgressBar(tty);
    bar.update({ doneBytes: 1, totalBytes: 2, spans: 7, requests: 2 }, true);
    bar.clear();
    expect(tty.writes).toHaveLength(2);
    expect(tty.writes[0]).toContain('7 spans');
    expect(tty.writes[1]).toBe('\r\x1b[2K');
  });

  it('draws nothing when stderr is not a TTY', () => {
    const pipe = stream(false);
    const bar = new ProgressBar(pipe);
    bar.update({ doneBytes: 1, totalBytes: 2, spans: 7, requests: 2 }, true);
    bar.clear();
    expect(pipe.writes).toEqual([]);
  });
});
