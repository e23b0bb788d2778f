import { diag } from '@opentelemetry/api';

/**
 * Configuration is read in one order everywhere: the option the caller passed,
 * then the standard environment variable, then the default. An unusable
 * environment value is reported once through the OpenTelemetry diag logger and
 * the default is used instead.
 */
export type Env = Record<string, string | undefined>;

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function readString(option: string | undefined, name: string, fallback: string, env: Env = process.env): string {
  return option ?? raw(env, name) ?? fallback;
}

export function readOptionalString(option: string | undefined, name: string, env: Env = process.env): string | undefined {
  return option ?? raw(env, name);
}

/** A finite number above zero (a queue size, a timeout). */
export const isPositive = (n: number): boolean => Number.isFinite(n) && n > 0;

export function readNumber(
  option: number | undefined,
  name: string,
  fallback: number,
  env: Env = process.env,
  valid: (n: number) => boolean = (n) => Number.isFinite(n) && n >= 0,
): number {
  if (option !== undefined) return option;
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!valid(n)) {
    diag.warn(`${name}=${JSON.stringify(value)} is not a valid number; using ${fallback}`);
    return fallback;
  }
  return n;
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** `true`, `1`, `yes`, `on` and their opposites (any case), else undefined. */
export function parseBoolean(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return undefined;
}

export function readBoolean(option: boolean | undefined, name: string, fallback: boolean, env: Env = process.env): boolean {
  if (option !== undefined) return option;
  const value = raw(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  const parsed = parseBoolean(value);
  if (parsed !== undefined) return parsed;
  diag.warn(`${name}=${JSON.stringify(value)} is not a boolean; using ${fallback}`);
  return fallback;
}

/**
 * Parses a `key=value,key2=value2` list (W3C baggage style, values
 * percent-decoded), as used by `OTEL_EXPORTER_OTLP_HEADERS` and
 * `OTEL_RESOURCE_ATTRIBUTES`. Malformed entries are skipped with a warning that
 * names the key only, never the value (headers carry secrets).
 */
export function parseKeyValueList(value: string | undefined, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value) return out;
  for (const entry of value.split(',')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    if (eq <= 0) {
      diag.warn(`${name}: an entry without "key=value" was skipped`);
      continue;
    }
    const key = entry.slice(0, eq).trim();
    try {
      out[key] = decodeURIComponent(entry.slice(eq + 1).trim());
    } catch {
      diag.warn(`${name}: the value of ${key} is not valid percent-encoding; skipped`);
    }
  }
  return out;
}
