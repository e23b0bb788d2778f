import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Reading a Prometheus scrape endpoint (the text exposition format, version
 * 0.0.4): one sample per line, `name{label="value",...} value [timestamp]`,
 * comment lines (`# HELP`, `# TYPE`) skipped.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const UNESCAPE: Record<string, string> = { '\\': '\\', '"': '"', n: '\n' };

/** The labels of `{a="x",b="y"}` (the braces excluded); values unescaped. */
function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const pattern = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < text.length && (match = pattern.exec(text)) !== null) {
    labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, c: string) => UNESCAPE[c] ?? `\\${c}`);
  }
  if (pattern.lastIndex !== text.length) throw new Error(`unreadable labels in: ${line}`);
  return labels;
}

function parseValue(text: string, line: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  const value = Number(text);
  if (text === '' || (Number.isNaN(value) && text !== 'NaN')) throw new Error(`unreadable value in: ${line}`);
  return value;
}

export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const brace = line.indexOf('{');
    const space = line.indexOf(' ');
    if (brace >= 0 && (space < 0 || brace < space)) {
      const close = line.lastIndexOf('}');
      const [value] = line.slice(close + 1).trim().split(/\s+/);
      samples.push({ name: line.slice(0, brace), labels: parseLabels(line.slice(brace + 1, close), line), value: parseValue(value ?? '', line) });
    } else {
      const [name, value] = line.split(/\s+/);
      samples.push({ name: name!, labels: {}, value: parseValue(value ?? '', line) });
    }
  }
  return samples;
}

/** GET the endpoint once and parse it. */
export async function scrape(url: string): Promise<Sample[]> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return parsePrometheusText(text);
}

/**
 * Scrapes `url` until `ready(samples)` holds, and returns those samples; on
 * the deadline the error carries `describe(last samples)`.
 */
export async function scrapeUntil(
  url: string,
  ready: (samples: Sample[]) => boolean,
  options: { timeoutMs?: number; intervalMs?: number; describe?: (samples: Sample[]) => string } = {},
): Promise<Sample[]> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let last: Sample[] = [];
  for (;;) {
    last = await scrape(url).catch(() => last);
    if (ready(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(`${url}: not ready after ${timeoutMs} ms (${last.length} samples)${options.describe ? `: ${options.describe(last)}` : ''}`);
    }
    await sleep(options.intervalMs ?? 250);
  }
}

/** A stable key for a label set (sorted `name=value` pairs), for comparing series. */
export function seriesKey(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',');
}
