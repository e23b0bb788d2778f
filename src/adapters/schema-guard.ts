import { isRecord } from '../core/json-lines.js';
import type { z } from 'zod';

/**
 * A check compiled from a record schema, for the hot path of the adapters:
 * true only when zod would accept the value as it is. Reading a record
 * through zod copies every object and array the schema names (and runs its
 * generic machinery on each); a record that passes this check is used as it
 * was parsed instead. When the check says false, or the schema uses a
 * feature the check does not know, the caller asks zod, which gives the
 * verdict and the explanation.
 *
 * Known: objects whose unknown keys pass through (`.passthrough()`,
 * `.loose()`), strings (with `.min()`), finite numbers (with bounds and
 * `.int()`), booleans, literals,
 * enums, unknown, optional, nullable, arrays, records, unions. Anything else
 * (transforms, defaults, refinements, stripped or strict objects) has no
 * check, so zod reads the record.
 */
export type Guard = (value: unknown) => boolean;

const compiled = new WeakMap<object, Guard | null>();

/** The check of `schema`, or undefined when it uses a feature the check does not know. */
export function guardFor(schema: z.ZodType): Guard | undefined {
  let guard = compiled.get(schema);
  if (guard === undefined) {
    guard = compile(schema) ?? null;
    compiled.set(schema, guard);
  }
  return guard ?? undefined;
}

/** The subset of zod's definitions read here (zod 4: `schema.def`). */
interface Def {
  type: string;
  checks?: readonly { _zod: { def: CheckDef } }[];
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: readonly z.ZodType[];
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  values?: readonly unknown[];
  entries?: Record<string, unknown>;
}

interface CheckDef {
  check: string;
  minimum?: number;
  value?: unknown;
  inclusive?: boolean;
  format?: string;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;

function compile(schema: z.ZodType): Guard | undefined {
  const def = defOf(schema);
  switch (def.type) {
    case 'unknown':
    case 'any':
      return () => true;
    case 'string':
      return stringGuard(def);
    case 'number':
      return numberGuard(def);
    case 'boolean':
      return def.checks?.length ? undefined : (v) => typeof v === 'boolean';
    case 'literal': {
      const values = new Set(def.values);
      return (v) => values.has(v);
    }
    case 'enum': {
      const values = new Set(Object.values(def.entries ?? {}));
      return (v) => values.has(v);
    }
    case 'optional': {
      const inner = compile(def.innerType as z.ZodType);
      return inner && ((v) => v === undefined || inner(v));
    }
    case 'nullable': {
      const inner = compile(def.innerType as z.ZodType);
      return inner && ((v) => v === null || inner(v));
    }
    case 'array':
      return def.checks?.length ? undefined : arrayGuard(def);
    case 'union':
      return unionGuard(def);
    case 'record':
      return recordGuard(def);
    case 'object':
      return objectGuard(def);
    default:
      return undefined;
  }
}

function stringGuard(def: Def): Guard | undefined {
  let min = 0;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check !== 'min_length' || c.minimum === undefined) return undefined;
    min = Math.max(min, c.minimum);
  }
  return min === 0 ? (v) => typeof v === 'string' : (v) => typeof v === 'string' && v.length >= min;
}

/** Finite numbers, with bounds (`.min()`, `.nonnegative()`, ...) and `.int()`. */
function numberGuard(def: Def): Guard | undefined {
  const tests: ((n: number) => boolean)[] = [];
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    const bound = c.value;
    if (c.check === 'number_format' && c.format === 'safeint') tests.push(Number.isSafeInteger);
    else if (c.check === 'greater_than' && typeof bound === 'number') tests.push(c.inclusive ? (n) => n >= bound : (n) => n > bound);
    else if (c.check === 'less_than' && typeof bound === 'number') tests.push(c.inclusive ? (n) => n <= bound : (n) => n < bound);
    else return undefined;
  }
  return (v) => typeof v === 'number' && Number.isFinite(v) && tests.every((test) => test(v));
}

function arrayGuard(def: Def): Guard | undefined {
  const element = compile(def.element as z.ZodType);
  if (!element) return undefined;
  if (defOf(def.element as z.ZodType).type === 'unknown') return (v) => Array.isArray(v);
  return (v) => Array.isArray(v) && v.every(element);
}

function unionGuard(def: Def): Guard | undefined {
  const options: Guard[] = [];
  for (const option of def.options ?? []) {
    const guard = compile(option);
    if (!guard) return undefined;
    options.push(guard);
  }
  return (v) => options.some((guard) => guard(v));
}

function recordGuard(def: Def): Guard | undefined {
  if (defOf(def.keyType as z.ZodType).type !== 'string' || defOf(def.keyType as z.ZodType).checks?.length) return undefined;
  const value = compile(def.valueType as z.ZodType);
  if (!value) return undefined;
  return (v) => isRecord(v) && !Object.hasOwn(v, '__proto__') && Object.values(v).every(value);
}

/** Objects that keep their unknown keys: each named key checked, a missing one only where it may be. */
function objectGuard(def: Def): Guard | undefined {
  if (!def.catchall || defOf(def.catchall).type !== 'unknown') return undefined;
  const keys: { key: string; guard: Guard; optional: boolean }[] = [];
  for (const [key, field] of Object.entries(def.shape ?? {})) {
    const guard = compile(field);
    if (!guard) return undefined;
    keys.push({ key, guard, optional: defOf(field).type === 'optional' });
  }
  return (v) => {
    if (!isRecord(v)) return false;
    for (const { key, guard, optional } of keys) {
      const field = v[key];
      if (field === undefined && !optional && !Object.hasOwn(v, key)) return false;
      if (!guard(field)) return false;
    }
    return true;
  };
}
