import { readBoolean, readNumber, type Env } from '../config/env.js';
import { DEFAULT_CONTENT_MAX_LENGTH, type ContentOptions } from './content.js';
import { parseRedactPatterns } from './redaction.js';

export const CAPTURE_CONTENT_ENV = 'AGENT_OTEL_CAPTURE_CONTENT';
export const CONTENT_MAX_LENGTH_ENV = 'AGENT_OTEL_CONTENT_MAX_LENGTH';
export const REDACT_PATTERNS_ENV = 'AGENT_OTEL_REDACT_PATTERNS';

/**
 * Content settings in the standard order: option, then environment
 * (AGENT_OTEL_CAPTURE_CONTENT, AGENT_OTEL_CONTENT_MAX_LENGTH, or the standard
 * OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT, AGENT_OTEL_REDACT_PATTERNS), then the
 * defaults (capture off, 4096 characters, built-in patterns only).
 */
export function resolveContentOptions(options: ContentOptions = {}, env: Env = process.env): Required<ContentOptions> {
  const standardLimit = readNumber(undefined, 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', DEFAULT_CONTENT_MAX_LENGTH, env);
  return {
    capture: readBoolean(options.capture, CAPTURE_CONTENT_ENV, false, env),
    maxLength: readNumber(options.maxLength, CONTENT_MAX_LENGTH_ENV, standardLimit, env),
    redactPatterns: [...parseRedactPatterns(env[REDACT_PATTERNS_ENV]), ...(options.redactPatterns ?? [])],
  };
}
