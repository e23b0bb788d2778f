import { z } from 'zod';
import { describeError } from '../core/errors.js';
import { plainTest, plainTestOf, type Test } from './plain-test.js';

/** Told about each bad part of an argument: `where: what was wrong`. */
export type Reject = (reason: string) => void;

/** What `value` is, for a reason: its type, never its text (it may be a secret, or huge). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isFinite(value) ? `the number ${value}` : String(value);
  return `a ${typeof value}`;
}

/** A thrown value in a few words (its own message getter may throw too). */
function thrown(error: unknown): string {
  try {
    return describeError(error).slice(0, 200);
  } catch {
    return 'unreadable error';
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

type Shape = Record<string, z.ZodType>;
type Fields<S extends Shape> = { [K in keyof S]?: z.output<S[K]> };

/** No number on the wire can hold more (an integer beyond 2^53 is no int64 in OTLP/JSON). */
const LIMIT = Number.MAX_SAFE_INTEGER;

/** How one field is checked: its schema, and for an object or a record inside, how its parts are. */
interface FieldPlan {
  schema: z.ZodType;
  /** For a plain string, boolean or unknown schema: the same test without a parse (the hot path). */
  accepts?: Test;
  /** An object inside (usage, git, parent): checked field by field. */
  object?: Argument<Shape>;
  /** A record inside (attributes): each value checked against this. */
  values?: z.ZodType;
}

/**
 * An argument of the live API, planned once from the model's schemas: per
 * field, numbers within ±2^53 and objects inside checked field by field (an
 * unknown field inside is reported too); the fields it must have.
 */
export interface Argument<S extends Shape> {
  readonly fields: { readonly [K in keyof S]: FieldPlan };
  readonly required: readonly string[];
}

function planField(field: z.ZodType): FieldPlan {
  const inner = field instanceof z.ZodOptional ? (field.unwrap() as z.ZodType) : field;
  if (inner instanceof z.ZodNumber) {
    const bounded = inner.min(-LIMIT).max(LIMIT);
    return { schema: field instanceof z.ZodOptional ? bounded.optional() : bounded, accepts: plainTest(bounded) };
  }
  if (inner instanceof z.ZodObject) return { schema: field, object: argument(inner.shape) };
  if (inner instanceof z.ZodRecord) return { schema: field, values: inner.valueType as z.ZodType };
  return { schema: field, accepts: plainTest(inner) };
}


export function argument<S extends Shape>(shape: S): Argument<S> {
  const fields = Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, planField(field)])) as Argument<S>['fields'];
  const required = Object.entries(shape)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([key]) => key);
  return { fields, required };
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One value checked against its schema: the parsed value, or undefined (reported) when it does not fit. */
export function checkValue<T extends z.ZodType>(schema: T, value: unknown, where: string, reject: Reject): z.output<T> | undefined {
  if (plainTestOf(schema)?.(value)) return value as z.output<T>;
  try {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    reject(`${where}: ${firstIssue(parsed.error)}`);
  } catch (error) {
    reject(`${where}: reading it threw (${thrown(error)})`);
  }
  return undefined;
}

/**
 * The fields of `value` that `argument` knows and accepts, parsed, field by
 * field (a whole-object parse costs more). A field that does not fit is left
 * out and reported; an object inside keeps its good fields (a bad `input` does
 * not lose `output`). So is a field it does not know, one whose getter throws,
 * and a `value` that is not an object at all. Never throws.
 */
export function checkArgument<S extends Shape>(argument: Argument<S>, value: unknown, where: string, reject: Reject): Fields<S> {
  const out: Record<string, unknown> = {};
  if (value === undefined) return out as Fields<S>;
  if (!isObject(value)) {
    reject(`${where}: expected an object, got ${describeValue(value)}`);
    return out as Fields<S>;
  }
  const fields = argument.fields as Record<string, FieldPlan>;
  try {
    for (const key of Object.keys(value)) {
      const plan = Object.hasOwn(fields, key) ? fields[key] : undefined;
      if (plan === undefined) {
        reject(`${where}: unknown field ${JSON.stringify(key.slice(0, 64))} ignored`);
        continue;
      }
      let given: unknown;
      try {
        given = (value as Record<string, unknown>)[key];
      } catch (error) {
        reject(`${where}.${key}: reading it threw (${thrown(error)})`);
        continue;
      }
      if (given === undefined) continue;
      if (plan.accepts?.(given)) {
        out[key] = given;
        continue;
      }
      const kept = plan.object && isObject(given) ? checkObject(plan.object, given, `${where}.${key}`, reject) : plan.values && isObject(given) ? checkRecord(plan.values, given, `${where}.${key}`, reject) : checkValue(plan.schema, given, `${where}.${key}`, reject);
      if (kept !== undefined) out[key] = kept;
    }
  } catch (error) {
    // A proxy or an exotic object whose keys cannot be listed: what was read so far is kept.
    reject(`${where}: listing its fields threw (${thrown(error)})`);
  }
  return out as Fields<S>;
}

/** An object inside an argument: its good fields, or undefined when none is left or one it needs is missing (reported). */
function checkObject(argument: Argument<Shape>, value: object, where: string, reject: Reject): Record<string, unknown> | undefined {
  const kept: Record<string, unknown> = checkArgument(argument, value, where, reject);
  for (const key of argument.required) {
    if (kept[key] === undefined) {
      reject(`${where}: ${key} is required; left out`);
      return undefined;
    }
  }
  for (const _ in kept) return kept;
  return undefined;
}

/** A record inside an argument (attributes): its good entries, each value checked. */
function checkRecord(values: z.ZodType, value: object, where: string, reject: Reject): Record<string, unknown> | undefined {
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    let given: unknown;
    try {
      given = (value as Record<string, unknown>)[key];
    } catch (error) {
      reject(`${where}.${key.slice(0, 64)}: reading it threw (${thrown(error)})`);
      continue;
    }
    const v = checkValue(values, given, `${where}.${key.slice(0, 64)}`, reject);
    if (v !== undefined) kept[key] = v;
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}
/**
 * The message of an error argument: a string, an Error or an object with a
 * string `message`. Anything else is reported and described by its type, so
 * that a failure is still recorded as one.
 */
export function errorText(value: unknown, where: string, reject: Reject): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  try {
    if (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string') {
      return (value as { message: string }).message;
    }
  } catch (error) {
    reject(`${where}: reading its message threw (${thrown(error)})`);
    return 'unreadable error';
  }
  reject(`${where}: expected a string or an Error, got ${describeValue(value)}`);
  return `invalid error (${describeValue(value)})`;
}
