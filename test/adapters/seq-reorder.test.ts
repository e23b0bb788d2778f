import { describe, expect, it } from 'vitest';
import type { Warning } from '../../src/core/diagnostics.js';
import { reorderBySeq } from '../../src/adapters/seq-reorder.js';

interface Rec {
  seq?: number;
  line: number;
}

async function run(seqs: (number | undefined)[], window: number): Promise<{ lines: number[]; warnings: Warning[] }> {
  async function* source(): AsyncGenerator<Rec> {
    for (const [i, seq] of seqs.entries()) yield seq === undefined ? { line: i + 1 } : { seq, line: i + 1 };
  }
  const warnings: Warning[] = [];
  const lines: number[] = [];
  const ordered = reorderBySeq(source(), (r) => r.seq, (r) => ({ file: 'f', line: r.line }), (w) => warnings.push(w), window);
  for await (const r of ordered) lines.push(r.line);
  return { lines, warnings };
}

describe('reorderBySeq', () => {
  it.each([
    { name: 'in order', seqs: [1, 2, 3], window: 4, lines: [1, 2, 3] },
    { name: 'a swapped neighbour', seqs: [1, 3, 2, 4], window: 4, lines: [1, 3, 2, 4] },
    { name: 'equal numbers keep file order', seqs: [1, 2, 2, 3], window: 4, lines: [1, 2, 3, 4] },
    { name: 'a record without a number stays after those before it', seqs: [1, 3, undefined, 2], window: 4, lines: [1, 4, 2, 3] },
    { name: 'disorder within the window', seqs: [5, 1, 4, 2, 3], window: 8, lines: [2, 4, 5, 3, 1] },
  ])('$name', async ({ seqs, window, lines }) => {
    const got = await run(seqs, window);
    expect(got.lines).toEqual(lines);
    expect(got.warnings).toEqual([]);
  });

  it('passes a record that comes too late as is, with a warning naming it', async () => {
    // With room for one waiting record, seq 1 (line 4) arrives after seq 3 has left.
    const got = await run([2, 3, 4, 1], 1);
    expect(got.lines).toEqual([1, 2, 4, 3]);
    expect(got.warnings).toEqual([expect.objectContaining({ code: 'out_of_order', file: 'f', line: 4 })]);
  });
});
