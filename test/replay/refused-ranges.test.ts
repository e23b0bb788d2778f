import { describe, expect, it } from 'vitest';
import { addRange, isRangeList, subtractRange, type StoredRange } from '../../src/replay/refused-ranges.js';

/** A range of `bytes` bytes per line: lines `from` to `to` inclusive. */
const LINE = 10;
const lines = (from: number, to: number): StoredRange => ({ offset: (from - 1) * LINE, line: from, end: to * LINE, endLine: to + 1 });

describe('refused ranges', () => {
  it('adds: disjoint ranges stay apart and sorted, overlapping and touching ones merge', () => {
    let list = addRange([], lines(5, 6));
    list = addRange(list, lines(1, 2));
    expect(list).toEqual([lines(1, 2), lines(5, 6)]);
    list = addRange(list, lines(3, 4)); // touches both
    expect(list).toEqual([lines(1, 6)]);
    list = addRange(list, lines(4, 9)); // overlaps the end
    expect(list).toEqual([lines(1, 9)]);
  });

  it('subtracts: the acknowledged lines leave, the rest keeps its line numbers', () => {
    const list = [lines(1, 4), lines(8, 9)];
    expect(subtractRange(list, lines(2, 3))).toEqual([lines(1, 1), lines(4, 4), lines(8, 9)]);
    expect(subtractRange(list, lines(1, 4))).toEqual([lines(8, 9)]);
    expect(subtractRange(list, lines(3, 8))).toEqual([lines(1, 2), lines(9, 9)]);
    expect(subtractRange(list, lines(5, 7))).toEqual(list);
  });

  it('checks what a checkpoint holds', () => {
    expect(isRangeList([lines(1, 2)])).toBe(true);
    expect(isRangeList([{ offset: 5, line: 1, end: 5, endLine: 2 }])).toBe(false);
    expect(isRangeList([{ offset: 0, line: 1, end: 'x', endLine: 2 }])).toBe(false);
    expect(isRangeList({})).toBe(false);
  });
});
