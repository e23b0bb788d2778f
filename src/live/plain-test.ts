import { z } from 'zod';

/**
 * Plain tests equal to simple zod schemas, for the live API's hot path: a
 * typeof and a few comparisons instead of a parse. A schema they do not cover
 * has no plain test, and a value a plain test refuses still goes through zod
 * (which says what is wrong), so they only ever make a good value faster.
 */

/** Accepts what a schema accepts, without a parse. */
export type Test = (value: unknown) => boolean;

/** One of zod's number or string checks as a plain test; undefined for a check it does not know. */
function plainCheck(check: { _zod: { def: unknown } }): ((value: never) => boolean) | undefined {
  const def = check._zod.def as { check: string; value?: number; inclusive?: boolean; format?: string; minimum?: number; maximum?: number };
  const bound = def.value ?? 0;
  if (def.check === 'greater_than') return def.inclusive ? (v: number) => v >= bound : (v: number) => v > bound;
  if (def.check === 'less_than') return def.inclusive ? (v: number) => v <= bound : (v: number) => v < bound;
  if (def.check === 'number_format' && def.format === 'safeint') return Number.isSafeInteger;
  if (def.check === 'min_length') return (v: string) => v.length >= (def.minimum ?? 0);
  if (def.check === 'max_length') return (v: string) => v.length <= (def.maximum ?? Infinity);
  return undefined;
}

/**
 * A plain test that accepts what the schema accepts, for the hot path: a
 * string, boolean or unknown with no checks, a number with bounds or an
 * integer format. Anything else (and any value the test refuses) goes through
 * zod, which also says what is wrong.
 */
export function plainTest(schema: z.ZodType): Test | undefined {
  const { type, checks = [] } = schema._zod.def as { type: string; checks?: { _zod: { def: unknown } }[] };
  const tests = checks.map(plainCheck);
  if (tests.some((t) => t === undefined)) return undefined;
  const all = tests as ((value: unknown) => boolean)[];
  if (type === 'number') return (value) => typeof value === 'number' && Number.isFinite(value) && all.every((t) => t(value));
  if (type === 'string') return (value) => typeof value === 'string' && all.every((t) => t(value));
  if (checks.length > 0) return undefined;
  if (type === 'unknown') return () => true;
  if (type === 'boolean') return (value) => typeof value === 'boolean';
  return undefined;
}

/** The plain tests of the schemas checked one by one (a tool's name, a message's role), made once. */
const valueTests = new WeakMap<z.ZodType, Test | null>();

export function plainTestOf(schema: z.ZodType): Test | null {
  let test = valueTests.get(schema);
  if (test === undefined) {
    const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
    const plain = plainTest(inner);
    test = plain ? (schema instanceof z.ZodOptional ? (value) => value === undefined || plain(value) : plain) : null;
    valueTests.set(schema, test);
  }
  return test;
}
