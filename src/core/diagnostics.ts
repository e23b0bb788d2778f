/**
 * Problems found while reading sources. Nothing is dropped silently: every
 * skipped or malformed record becomes a warning naming file and line.
 */
export interface Warning {
  /** Stable, low-cardinality reason: `invalid_json`, `schema`, `torn_line`, `line_too_long`, ... */
  code: string;
  message: string;
  file?: string;
  /** 1-based line number, when the problem is a line. */
  line?: number;
}

export type WarningSink = (warning: Warning) => void;

/** Formats a warning as `file:line: message` (the form editors and terminals link). */
export function formatWarning(w: Warning): string {
  const where = w.file ? (w.line !== undefined ? `${w.file}:${w.line}: ` : `${w.file}: `) : '';
  return `${where}${w.message}`;
}

/** Collects warnings and counts them by code; keeps the first `keep` in full. */
export class Diagnostics {
  readonly counts = new Map<string, number>();
  readonly kept: Warning[] = [];
  total = 0;

  constructor(
    private readonly keep = 1000,
    private readonly onWarning?: WarningSink,
  ) {}

  readonly warn: WarningSink = (warning) => {
    this.total++;
    this.counts.set(warning.code, (this.counts.get(warning.code) ?? 0) + 1);
    if (this.kept.length < this.keep) this.kept.push(warning);
    this.onWarning?.(warning);
  };
}
