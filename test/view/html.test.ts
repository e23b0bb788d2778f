import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, escapeHtml, scriptJson } from '../../src/view/html.js';

/** The escaping every page relies on: text stays text, JSON data cannot end its script element. */
describe('page escaping', () => {
  it('escapes the five characters markup gives meaning to, and only those', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a> \u2028 é`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt; \u2028 é');
  });

  it('writes JSON with no < > & in it, which JSON.parse reads back as the same value', () => {
    const value = { name: '</script><script>alert(1)</script>', comment: '<!-- -->', amp: 'a && b', nested: ['</SCRIPT >', { '<k>': '\u2028\u2029' }] };
    const text = scriptJson(value);
    expect(text).not.toMatch(/[<>&]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('builds a policy that loads nothing and allows the inline sources by hash only', () => {
    const csp = contentSecurityPolicy({ scripts: ['x'], styles: [] });
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      // sha256 of "x", base64 (echo -n x | openssl dgst -sha256 -binary | base64).
      "script-src 'sha256-LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE='",
      "style-src 'none'",
      "img-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ]);
  });
});
