import { describe, expect, it } from 'vitest';
import { resolveCapture, resolveContentOptions } from '../../src/spans/content-config.js';

/**
 * The capture switch in order: the option, AGENT_OTEL_CAPTURE_CONTENT, then
 * OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT (true/false and the
 * newer modes), then off. An unusable value falls through to the next source.
 */
const OWN = 'AGENT_OTEL_CAPTURE_CONTENT';
const GENAI = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';

describe('content capture switch', () => {
  it('is off by default', () => {
    expect(resolveCapture(undefined, {})).toBe(false);
    expect(resolveContentOptions({}, {}).capture).toBe(false);
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['false', false],
    ['SPAN_ONLY', true],
    ['span_and_event', true],
    ['SPAN_AND_EVENT', true],
    ['EVENT_ONLY', false],
    ['NO_CONTENT', false],
    ['sometimes', false],
    ['', false],
  ])('reads %s=%s from the GenAI instrumentations\' variable', (value, expected) => {
    expect(resolveCapture(undefined, { [GENAI]: value })).toBe(expected);
  });

  it.each([
    { env: { [OWN]: 'false', [GENAI]: 'SPAN_ONLY' }, expected: false },
    { env: { [OWN]: '1', [GENAI]: 'NO_CONTENT' }, expected: true },
    { env: { [OWN]: 'maybe', [GENAI]: 'SPAN_AND_EVENT' }, expected: true },
    { env: { [OWN]: 'maybe', [GENAI]: 'EVENT_ONLY' }, expected: false },
    { env: { [OWN]: ' ', [GENAI]: 'true' }, expected: true },
  ])('AGENT_OTEL_CAPTURE_CONTENT comes first, an unusable one falls through: $env', ({ env, expected }) => {
    expect(resolveCapture(undefined, env)).toBe(expected);
  });

  it('the option wins over both variables', () => {
    expect(resolveCapture(false, { [OWN]: 'true', [GENAI]: 'SPAN_ONLY' })).toBe(false);
    expect(resolveCapture(true, { [OWN]: 'false', [GENAI]: 'NO_CONTENT' })).toBe(true);
    expect(resolveContentOptions({ capture: true }, { [OWN]: 'false' }).capture).toBe(true);
  });
});
