import { Redactor } from './redaction.js';

export interface ContentOptions {
  /** Capture message text, tool arguments and output (default false: only sizes leave the process). */
  capture?: boolean;
  /** Captured values longer than this many characters are cut (default 4096). */
  maxLength?: number;
  /** Extra secret patterns on top of the built-in ones. */
  redactPatterns?: readonly (RegExp | string)[];
}

export const DEFAULT_CONTENT_MAX_LENGTH = 4096;

export interface CapturedValue {
  value: string;
  truncated: boolean;
  redactions: number;
}

/** Size in bytes of a content value as the source holds it (strings as UTF-8, the rest as JSON). */
export function contentSize(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  } catch {
    return 0;
  }
}

/**
 * Decides what of a piece of content may leave the process: with capture off,
 * nothing (callers record sizes only); with capture on, the value redacted of
 * secrets, then cut to the length limit.
 */
export class ContentPolicy {
  readonly capture: boolean;
  readonly maxLength: number;
  private readonly redactor: Redactor;
  truncated = 0;
  redacted = 0;

  constructor(options: ContentOptions = {}) {
    this.capture = options.capture ?? false;
    this.maxLength = Math.max(16, options.maxLength ?? DEFAULT_CONTENT_MAX_LENGTH);
    this.redactor = new Redactor(options.redactPatterns ?? []);
  }

  /**
   * Diagnostic text (error messages, status lines, command lines) is kept even
   * with capture off, but always redacted and cut to the length limit.
   */
  clean(text: string): string {
    return this.redactAndCut(text).value;
  }

  /** The value to put on a span, or undefined when content is not captured (or empty). */
  take(value: unknown): CapturedValue | undefined {
    if (!this.capture || value === undefined || value === null) return undefined;
    let text: string;
    if (typeof value === 'string') text = value;
    else {
      try {
        text = JSON.stringify(value) ?? '';
      } catch {
        return undefined;
      }
    }
    return this.redactAndCut(text);
  }

  /** Redacts first, then cuts, so a cut never leaves half a secret behind. */
  private redactAndCut(text: string): CapturedValue {
    const { text: clean, count } = this.redactor.redact(text);
    this.redacted += count;
    if (clean.length <= this.maxLength) return { value: clean, truncated: false, redactions: count };
    this.truncated++;
    const cut = `${clean.slice(0, this.maxLength)}…[truncated ${clean.length - this.maxLength} chars]`;
    return { value: cut, truncated: true, redactions: count };
  }
}
