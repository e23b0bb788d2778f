import { describe, expect, it } from 'vitest';
import { nestedDeeperThan } from '../../src/core/json-lines.js';

/** `depth` nested arrays around a value: `[[[1]]]`. */
const nested = (depth: number): string => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

/** The depth the way a JSON parser sees it (brackets inside strings do not count). */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (typeof value === 'object' && value !== null) return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

const MAX = 64;

describe('nestedDeeperThan', () => {
  const cases: Array<[string, string]> = [
    ['short text, under the length bound', nested(3)],
    ['exactly the limit', nested(MAX)],
    ['one level over the limit', nested(MAX + 1)],
    ['far over the limit', nested(MAX * 3)],
    ['many siblings, each shallow (more brackets than the limit, little depth)', JSON.stringify(Array.from({ length: MAX * 2 }, () => []))],
    ['brackets inside a string only', JSON.stringify({ text: '['.repeat(MAX * 4) })],
    ['escaped quotes before brackets in a string', JSON.stringify({ text: `\\"${'{'.repeat(MAX * 2)}` })],
    ['objects nested over the limit', `${'{"a":'.repeat(MAX + 2)}1${'}'.repeat(MAX + 2)}`],
    ['long line without brackets beyond the outer object', JSON.stringify({ text: 'x'.repeat(MAX * 10) })],
  ];

  it.each(cases)('%s', (_name, text) => {
    expect(nestedDeeperThan(text, MAX)).toBe(depthOf(JSON.parse(text)) > MAX);
  });
});
