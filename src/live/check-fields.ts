import { z } from 'zod';
import { describeError } from '../errors.js';

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

/**
 * The fields inside a field that holds an object (usage, git, parent) or a
 * record (attributes), to keep its good parts when a part is bad.
 */
function nestedShape(field: z.ZodType, given: unknown): Record<string, z.ZodType> | undefined {
  if (typeof given !== 'object' || given === null || Array.isArray(given)) return undefined;
  const inner = field instanceof z.ZodOptional ? (field.unwrap() as z.ZodType) : field;
  if (inner instanceof z.ZodObject) return inner.shape as Record<string, z.ZodType>;
  if (!(inner instanceof z.ZodRecord)) return undefined;
  const valueType = inner.valueType as z.ZodType;
  return Object.fromEntries(Object.keys(given).map((key) => [key, valueType]));
}

/**
 * A number no span attribute can carry as it is (an integer beyond 2^53 is no
 * int64 on the wire), in a field that is a number (not in free data, kept as JSON).
 */
function isTooLarge(field: z.ZodType, value: unknown): boolean {
  if (typeof value !== 'number' || Math.abs(value) <= Number.MAX_SAFE_INTEGER) return false;
  return (field instanceof z.ZodOptional ? field.unwrap() : field) instanceof z.ZodNumber;
}

/** One value checked against its schema: the parsed value, or undefined (reported) when it does not fit. */
export function checkValue<T extends z.ZodType>(schema: T, value: unknown, where: string, reject: Reject): z.output<T> | undefined {
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
 * The fields of `value` that `shape` knows and accepts, parsed. A field that
 * does not fit is left out and reported (a nested object keeps its good
 * fields); so is a field the shape does not know, one whose getter throws, and
 * a `value` that is not an object at all. Never throws.
 */
export function checkFields<S extends Record<string, z.ZodType>>(
  shape: S,
  value: unknown,
  where: string,
  reject: Reject,
): { [K in keyof S]?: z.output<S[K]> } {
  const out: Record<string, unknown> = {};
  if (value === undefined) return out as { [K in keyof S]?: z.output<S[K]> };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    reject(`${where}: expected an object, got ${describeValue(value)}`);
    return out as { [K in keyof S]?: z.output<S[K]> };
  }
  try {
    for (const key in value) {
      const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
      if (field === undefined) {
        reject(`${where}: unknown field ${JSON.stringify(key.slice(0, 64))} ignored`);
        continue;
      }
      let given: unknown;
      let parsed: z.ZodSafeParseResult<unknown> | undefined;
      let nested: Record<string, z.ZodType> | undefined;
      try {
        given = (value as Record<string, unknown>)[key];
        if (given === undefined) continue;
        nested = nestedShape(field, given);
        if (!nested) parsed = field.safeParse(given);
      } catch (error) {
        reject(`${where}.${key}: reading it threw (${thrown(error)})`);
        continue;
      }
      if (parsed?.success && isTooLarge(field, parsed.data)) {
        reject(`${where}.${key}: beyond ${Number.MAX_SAFE_INTEGER}`);
      } else if (parsed?.success) {
        out[key] = parsed.data;
      } else if (parsed) {
        reject(`${where}.${key}: ${firstIssue(parsed.error)}`);
      } else if (nested) {
        // A nested object (usage, git, parent) is checked field by field: a bad `input` does not lose `output`.
        const kept = checkFields(nested, given, `${where}.${key}`, reject);
        const whole = field.safeParse(kept);
        if (!whole.success) reject(`${where}.${key}: ${firstIssue(whole.error)}; left out`);
        else if (Object.keys(kept).length > 0) out[key] = whole.data;
      }
    }
  } catch (error) {
    // A proxy or an exotic object whose keys cannot be listed: what was read so far is kept.
    reject(`${where}: listing its fields threw (${thrown(error)})`);
  }
  return out as { [K in keyof S]?: z.output<S[K]> };
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
