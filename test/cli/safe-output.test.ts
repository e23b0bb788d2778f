import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../src/cli/output.js';
import { parseEndpointUrl, redactUrlsIn, safeUrl } from '../../src/config/endpoint-url.js';
import { InvalidConfigError } from '../../src/core/errors.js';

describe('terminalSafe', () => {
  it('escapes control characters but keeps line feeds and tabs', () => {
    expect(terminalSafe('a\tb\nc\u001b[2J\u0007\r\u007f\u009b\u202e')).toBe('a\tb\nc\\u001b[2J\\u0007\\u000d\\u007f\\u009b\\u202e');
  });

  it('keeps JSON valid and meaning the same', () => {
    const value = { message: 'x\u001b]0;t\u0007\u0085y\u2028z' };
    const safe = terminalSafe(JSON.stringify(value));
    expect(safe).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028]/);
    expect(JSON.parse(safe)).toEqual(value);
  });
});

describe('endpoint URLs', () => {
  it('shows a URL without user, password, secret query values or fragment', () => {
    expect(safeUrl('https://u:p%40ss@collector.example:4318/v1/traces?api_key=s1&token=s2&X-Signature=s3&tenant=t#frag')).toBe(
      'https://collector.example:4318/v1/traces?api_key=***&token=***&X-Signature=***&tenant=t',
    );
    expect(safeUrl('http://127.0.0.1:4318/v1/traces')).toBe('http://127.0.0.1:4318/v1/traces');
  });

  it('hides the credentials of every URL quoted in a message', () => {
    expect(redactUrlsIn('POST http://bob:hunter2@host:4318/v1/traces?auth=abc failed; see https://docs.example/x')).toBe(
      'POST http://host:4318/v1/traces?auth=*** failed; see https://docs.example/x',
    );
  });

  it.each([
    ['localhost:41060', /must be an http:\/\/ or https:\/\/ URL, not localhost: \(did you mean http:\/\/localhost:41060\/\?\)/],
    ['ftp://host/v1/traces', /not ftp:/],
    ['not a url', /is not a valid URL/],
  ])('refuses %s, without echoing credentials', (value, message) => {
    expect(() => parseEndpointUrl(value)).toThrow(InvalidConfigError);
    expect(() => parseEndpointUrl(value)).toThrow(message);
  });

  it('never echoes a refused value that holds credentials', () => {
    expect(() => parseEndpointUrl('user:s3cret@host:4318')).toThrow(/not user:$/);
  });
});
