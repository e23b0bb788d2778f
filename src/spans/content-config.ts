import { diag } from '@opentelemetry/api';
import { parseBoolean, readBoolean, readNumber, type Env } from '../config/env.js';
import { DEFAULT_CONTENT_MAX_LENGTH, type ContentOptions } from './content.js';
import { parseRedactPatterns } from './redaction.js';

export const CAPTURE_CONTENT_ENV = 'AGENT_OTEL_CAPTURE_CONTENT';
export const CONTENT_MAX_LENGTH_ENV = 'AGENT_OTEL_CONTENT_MAX_LENGTH';
export const REDACT_PATTERNS_ENV = 'AGENT_OTEL_REDACT_PATTERNS';
/** The OpenTelemetry GenAI instrumentations' switch, honoured after agent-otel's own. */
export const GENAI_CAPTURE_ENV = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';

/**
 * Its values: the older true/false and the newer modes. agent-otel writes
 * content on spans only, so the modes with span content turn capture on and
 * EVENT_ONLY (content in events only) leaves it off.
 */
const GENAI_CAPTURE_VALUES: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  span_only: true,
  span_and_event: true,
  event_only: false,
  no_content: false,
};

/** Reads OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: off when unset, or (reported) when unusable. */
export function genaiCapture(env: Env): boolean {
  const value = env[GENAI_CAPTURE_ENV]?.trim();
  if (value === undefined || value === '') return false;
  const capture = GENAI_CAPTURE_VALUES[value.toLowerCase()];
  if (capture !== undefined) return capture;
  diag.warn(`${GENAI_CAPTURE_ENV}=${JSON.stringify(value)} is not one of true, false, SPAN_ONLY, SPAN_AND_EVENT, EVENT_ONLY, NO_CONTENT; using false`);
  return false;
}

/**
 * The capture switch: the option, then AGENT_OTEL_CAPTURE_CONTENT, then
 * OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT, then off. An unusable
 * value is reported and the next source is read.
 */
export function resolveCapture(option: boolean | undefined, env: Env = process.env): boolean {
  if (option !== undefined) return option;
  const own = env[CAPTURE_CONTENT_ENV]?.trim();
  if (own === undefined || own === '') return genaiCapture(env);
  return parseBoolean(own) ?? readBoolean(undefined, CAPTURE_CONTENT_ENV, genaiCapture(env), env);
}

/**
 * Content settings in the standard order: option, then environment
 * (AGENT_OTEL_CAPTURE_CONTENT, then the standard
 * OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT; AGENT_OTEL_CONTENT_MAX_LENGTH,
 * or the standard OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT; AGENT_OTEL_REDACT_PATTERNS),
 * then the defaults (capture off, 4096 characters, built-in patterns only).
 */
export function resolveContentOptions(options: ContentOptions = {}, env: Env = process.env): Required<ContentOptions> {
  const standardLimit = readNumber(undefined, 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', DEFAULT_CONTENT_MAX_LENGTH, env);
  return {
    capture: resolveCapture(options.capture, env),
    maxLength: readNumber(options.maxLength, CONTENT_MAX_LENGTH_ENV, standardLimit, env),
    redactPatterns: [...parseRedactPatterns(env[REDACT_PATTERNS_ENV]), ...(options.redactPatterns ?? [])],
  };
}
