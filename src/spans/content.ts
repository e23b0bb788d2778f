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
/** Characters past the length limit still redacted before the cut: more than the longest secret (a private key block). */
const REDACT_MARGIN = 64 * 1024;

export interface KeptText {
  text: string;
  /** Characters cut off the end (after redaction). */
  cut: number;
  redactions: number;
}

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

  /**
   * A piece of a message kept until its span is built: redacted as `take`
   * redacts (only the start of a huge text), then cut to its first
   * `maxLength` characters without a marker (the message writer adds one when
   * it cuts), with how many characters were cut and secrets redacted.
   */
  keep(text: string): KeptText {
    const before = this.redacted;
    const window = text.length > this.maxLength + REDACT_MARGIN ? text.slice(0, this.maxLength + REDACT_MARGIN) : text;
    const clean = this.redact(window);
    let end = Math.min(clean.length, this.maxLength);
    const code = clean.charCodeAt(end - 1);
    if (end < clean.length && code >= 0xd800 && code <= 0xdbff) end--;
    return { text: clean.slice(0, end), cut: text.length - window.length + clean.length - end, redactions: this.redacted - before };
  }

  /** Redacts secrets in text that is neither content nor a diagnostic (resource values, names), counting them. */
  redact(text: string): string {
    const { text: clean, count } = this.redactor.redact(text);
    this.redacted += count;
    return clean;
  }

  /**
   * Redacts first, then cuts, so a cut never leaves half a secret behind.
   * Only the start of a huge value is redacted (the limit plus a margin
   * longer than any secret): the rest would be cut anyway, and redaction
   * time stays bounded whatever the size.
   */
  private redactAndCut(text: string): CapturedValue {
    const before = this.redacted;
    const window = text.length > this.maxLength + REDACT_MARGIN ? text.slice(0, this.maxLength + REDACT_MARGIN) : text;
    const clean = this.redact(window);
    const redactions = this.redacted - before;
    const value = cutText(clean, this.maxLength, text.length - window.length);
    if (value === clean && window === text) return { value, truncated: false, redactions };
    this.truncated++;
    return { value, truncated: true, redactions };
  }
}

/**
 * Cuts `text` to at most `max` characters (UTF-16 code units, as OpenTelemetry
 * counts them), the end replaced by a marker saying how much was cut (plus
 * `alreadyCut`, characters taken off before), so the result, marker included,
 * stays within the limit. A surrogate pair is never split. Text within the
 * limit is returned as it is, unless something was already cut.
 */
export function cutText(text: string, max: number, alreadyCut = 0): string {
  if (text.length <= max && alreadyCut === 0) return text;
  const marker = (cut: number) => `…[truncated ${cut + alreadyCut} chars]`;
  let keep = Math.max(0, Math.min(text.length, max - marker(text.length).length));
  const code = text.charCodeAt(keep - 1);
  if (keep > 0 && code >= 0xd800 && code <= 0xdbff) keep--;
  const tail = marker(text.length - keep);
  return tail.length > max ? text.slice(0, max) : `${text.slice(0, keep)}${tail}`;
}
