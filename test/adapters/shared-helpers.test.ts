import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Warning } from '../../src/core/diagnostics.js';
import { groupByFolder } from '../../src/adapters/group-by-folder.js';
import { hasFields } from '../../src/adapters/has-fields.js';
import { readJsonDocument } from '../../src/adapters/json-document.js';
import { definedFields } from '../../src/adapters/optional-fields.js';
import { probeFromHead, someFirstLine } from '../../src/adapters/probe.js';
import { readRecords } from '../../src/adapters/read-records.js';
import { Clock } from '../../src/adapters/record-clock.js';
import { roundedTokenCount, tokenCount } from '../../src/adapters/token-counts.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();
function tempFile(name: string, text: string): string {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

describe('detection helpers', () => {
  it('hasFields checks each field by kind, and that the value is an object', () => {
    const fields = { id: 'string', n: 'number', meta: 'object', flag: 'present' } as const;
    expect(hasFields({ id: 'a', n: 1, meta: {}, flag: null }, fields)).toBe(true);
    expect(hasFields({ id: 'a', n: '1', meta: {}, flag: null }, fields)).toBe(false);
    expect(hasFields({ id: 'a', n: 1, meta: [], flag: null }, fields)).toBe(false);
    expect(hasFields({ id: 'a', n: 1, meta: {} }, fields)).toBe(false);
    expect(hasFields([{ id: 'a' }], { id: 'string' })).toBe(false);
  });

  it('someFirstLine looks at the first five lines only', () => {
    const lines = ['{"a":0}', '{"a":0}', '{"a":0}', '{"a":0}', '{"a":0}', '{"a":1}'];
    const probe = probeFromHead('/x.jsonl', lines.join('\n'), true);
    expect(someFirstLine(probe, (l) => hasFields(l, { a: 'number' }) && l.a === 0)).toBe(true);
    expect(someFirstLine(probe, (l) => hasFields(l, { a: 'number' }) && l.a === 1)).toBe(false);
  });
});

describe('planning and reading helpers', () => {
  it('groupByFolder keeps folders in first-met order and files in given order', () => {
    const grouped = groupByFolder(['/s2/b', '/s1/a', '/s2/a']);
    expect([...grouped]).toEqual([
      ['/s2', ['/s2/b', '/s2/a']],
      ['/s1', ['/s1/a']],
    ]);
  });

  it('readRecords yields fitting records with file and line, and warns for the others', async () => {
    const lines = ['{"k":"a"}', 'not json', '{"k":3}', '', '{"k":"b"}'];
    const file = tempFile('r.jsonl', lines.join('\n') + '\n');
    const warnings: Warning[] = [];
    const out = [];
    for await (const r of readRecords([file], z.object({ k: z.string() }), { warn: (w) => warnings.push(w) })) out.push(r);
    const expected = lines.flatMap((text, i) => (/^\{"k":"/.test(text) ? [{ record: JSON.parse(text) as unknown, file, line: i + 1 }] : []));
    expect(out).toEqual(expected);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([
      ['invalid_json', 2],
      ['schema', 3],
    ]);
  });

  it('Clock.atOrReport reuses the last time, and reports a record with none before it', () => {
    const warnings: Warning[] = [];
    const clock = new Clock();
    const where = (line: number) => ({ file: 'f', line });
    expect(clock.atOrReport(undefined, where(1), (w) => warnings.push(w), 'row has no t')).toBeUndefined();
    expect(clock.atOrReport('2026-01-01T00:00:00Z', where(2), (w) => warnings.push(w), 'row has no t')).toEqual({ time: Date.UTC(2026, 0, 1), exact: true });
    expect(clock.atOrReport(undefined, where(3), (w) => warnings.push(w), 'row has no t')).toEqual({ time: Date.UTC(2026, 0, 1), exact: false });
    expect(warnings).toEqual([{ code: 'missing_time', file: 'f', line: 1, message: 'row has no t and none came before it; skipped' }]);
  });

  it('readJsonDocument reports an unreadable file as told, and a misfit as schema', async () => {
    const warnings: Warning[] = [];
    const warn = (w: Warning) => warnings.push(w);
    const schema = z.object({ id: z.string() });
    expect(await readJsonDocument(tempFile('ok.json', '{"id":"x"}'), schema, warn)).toEqual({ id: 'x' });
    const broken = tempFile('broken.json', '{"id":');
    expect(await readJsonDocument(broken, schema, warn, { code: 'bad_index', what: 'index not readable', outcome: 'ignored' })).toBeUndefined();
    expect(await readJsonDocument(tempFile('misfit.json', '{"id":1}'), schema, warn)).toBeUndefined();
    expect(warnings.map((w) => w.code)).toEqual(['bad_index', 'schema']);
    expect(warnings[0]!.file).toBe(broken);
    expect(warnings[0]!.message).toMatch(/^index not readable \(.+\); ignored$/);
  });
});

describe('usage helpers', () => {
  it('tokenCount takes non-negative integers only; roundedTokenCount rounds and clamps finite numbers', () => {
    expect([3, 0, -1, 2.5, '4', null, Number.NaN].map(tokenCount)).toEqual([3, 0, undefined, undefined, undefined, undefined, undefined]);
    expect([3, 2.5, -4, '4', Number.POSITIVE_INFINITY].map(roundedTokenCount)).toEqual([3, 3, 0, undefined, undefined]);
  });

  it('definedFields drops the undefined fields and keeps the order', () => {
    const out = definedFields({ b: 1, a: undefined, c: 0, d: '' });
    expect(out).toEqual({ b: 1, c: 0, d: '' });
    expect(Object.keys(out)).toEqual(['b', 'c', 'd']);
  });
});
