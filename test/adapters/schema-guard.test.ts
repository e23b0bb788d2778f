import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { guardFor } from '../../src/adapters/schema-guard.js';
import { parseRecord } from '../../src/adapters/record.js';
import * as claude from '../../src/adapters/claude-code/schema.js';
import * as codex from '../../src/adapters/codex/schema.js';
import * as codexEvents from '../../src/adapters/codex/event-schema.js';
import { sharedFixture } from '../support/fixtures/shared-fixtures.js';
import { seededRandom } from '../support/fixtures/prng.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const REAL = sharedFixture('real');

/** Every zod schema a module exports. */
function schemasOf(mod: Record<string, unknown>): [string, z.ZodType][] {
  return Object.entries(mod).filter((e): e is [string, z.ZodType] => e[1] instanceof z.ZodType);
}

const SCHEMAS = [...schemasOf(claude), ...schemasOf(codex), ...schemasOf(codexEvents)];

function jsonlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.jsonl'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * Records of the Claude Code and Codex fixtures (up to 40 a file), with the
 * objects in them down to two levels (a schema may be meant for any).
 */
function fixtureValues(): unknown[] {
  if (fixtureCache) return fixtureCache;
  const dirs = [join(FIXTURES, 'claude-code'), join(FIXTURES, 'codex')];
  if (REAL) dirs.push(join(REAL, 'claude-code'), join(REAL, 'codex'));
  const values: unknown[] = [];
  const visit = (v: unknown, depth: number) => {
    values.push(v);
    if (depth === 0 || typeof v !== 'object' || v === null) return;
    for (const child of Object.values(v)) visit(child, depth - 1);
  };
  for (const dir of dirs) {
    for (const file of jsonlFiles(dir)) {
      for (const line of readFileSync(file, 'utf8').split('\n').slice(0, 40)) {
        try {
          visit(JSON.parse(line), 2);
        } catch {
          // a fixture's deliberately broken line
        }
      }
    }
  }
  fixtureCache = values;
  return values;
}
let fixtureCache: unknown[] | undefined;

/** The value with one of its keys removed or given another kind of value. */
function mutations(value: unknown, random: () => number): unknown[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const keys = Object.keys(value);
  if (keys.length === 0) return [];
  const key = keys[Math.floor(random() * keys.length)] ?? keys[0]!;
  const others = [null, 0, -1, 1.5, Infinity, '', 'x', true, [], [1], {}, { type: 'text' }];
  const { [key]: _, ...without } = value as Record<string, unknown>;
  return [without, ...others.map((other) => ({ ...value, [key]: other }))];
}

describe('the check compiled from a schema says what zod says', () => {
  it('compiles for every schema of the Claude Code and Codex adapters', () => {
    for (const [name, schema] of SCHEMAS) expect(guardFor(schema), name).toBeDefined();
  });

  it('agrees with zod on every record of the fixtures, their parts, and altered copies of them', () => {
    const random = seededRandom(16);
    const values = fixtureValues();
    const altered = values.filter(() => random() < 0.1).flatMap((v) => mutations(v, random));
    let accepted = 0;
    let refused = 0;
    const disagreements: string[] = [];
    for (const value of [...values, ...altered]) {
      for (const [name, schema] of SCHEMAS) {
        const zod = schema.safeParse(value).success;
        if (guardFor(schema)?.(value) !== zod) disagreements.push(`${name} on ${JSON.stringify(value).slice(0, 200)}: zod says ${zod}`);
        if (zod) accepted++;
        else refused++;
      }
    }
    expect(disagreements).toEqual([]);
    // Both verdicts were exercised many times.
    expect(accepted).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(1000);
  });

  it.each([
    ['string', z.string(), ['a', ''], [1, null, undefined, {}]],
    ['string of 2 or more', z.string().min(2), ['ab'], ['a', '']],
    ['number', z.number(), [0, -3.5, 1e300], ['1', NaN, Infinity, -Infinity, null]],
    ['whole number >= 0', z.number().int().nonnegative(), [0, 7], [-1, 1.5, 2 ** 53]],
    ['number < 5', z.number().lt(5), [4.9], [5, 6]],
    ['boolean', z.boolean(), [true, false], [0, 'true']],
    ['literal', z.literal('user'), ['user'], ['User', undefined]],
    ['enum', z.enum(['a', 'b']), ['a', 'b'], ['c']],
    ['nullish', z.string().nullish(), ['a', null, undefined], [1]],
    ['array', z.array(z.number()), [[], [1, 2]], [[1, 'a'], {}, 'ab']],
    ['record', z.record(z.string(), z.number()), [{}, { a: 1 }], [{ a: 'x' }, [], null]],
    ['union', z.union([z.string(), z.array(z.unknown())]), ['a', [1]], [1, {}]],
    [
      'loose object',
      z.looseObject({ type: z.literal('x'), n: z.number().optional(), u: z.unknown() }),
      [{ type: 'x', u: 1 }, { type: 'x', n: 2, u: undefined, extra: [1] }],
      [{ type: 'x' }, { type: 'y', u: 1 }, { type: 'x', n: 'a', u: 1 }, [], null],
    ],
  ])('%s', (_name, schema, accepted, refused) => {
    const guard = guardFor(schema);
    for (const v of [...accepted, ...refused]) expect(guard?.(v), JSON.stringify(v)).toBe(schema.safeParse(v).success);
    for (const v of accepted) expect(guard?.(v), JSON.stringify(v)).toBe(true);
  });

  it('has no check for what zod would change or it does not know: zod reads those records', () => {
    expect(guardFor(z.object({ a: z.string() }))).toBeUndefined(); // strips unknown keys
    expect(guardFor(z.strictObject({ a: z.string() }))).toBeUndefined();
    expect(guardFor(z.string().transform((s) => s.length))).toBeUndefined();
    expect(guardFor(z.string().default('a'))).toBeUndefined();
    expect(guardFor(z.string().email())).toBeUndefined();
    expect(guardFor(z.number().multipleOf(2))).toBeUndefined();
    expect(guardFor(z.looseObject({ a: z.string().trim() }))).toBeUndefined();
  });
});

describe('parseRecord through the check', () => {
  const warn = () => undefined;
  const where = { file: 'f.jsonl', line: 1 };

  it('returns the record with the values zod returns', () => {
    let compared = 0;
    for (const value of fixtureValues()) {
      for (const [, schema] of SCHEMAS) {
        const zod = schema.safeParse(value);
        if (!zod.success) continue;
        compared++;
        expect(parseRecord(schema, value, where, warn)).toEqual(zod.data);
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('still reports a record that does not fit, naming file and line, with zod explanation', () => {
    const warnings: { code: string; file?: string; line?: number; message: string }[] = [];
    const rec = parseRecord(claude.ClaudeToolUseBlock, { type: 'tool_use', id: '', name: 'Bash' }, { file: 'a.jsonl', line: 7 }, (w) => warnings.push(w));
    expect(rec).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'schema', file: 'a.jsonl', line: 7 });
    expect(warnings[0]?.message).toContain('id');
  });
});
