import { InvalidConfigError } from '../core/errors.js';

/**
 * The two things every command does with an OTLP/HTTP endpoint before using
 * it: check it (an http:// or https:// URL, before any work is done) and show
 * it without its secrets.
 */

/** Query parameters whose values are secrets (`api_key`, `token`, `sig`, ...). */
const SECRET_PARAM = /key|token|secret|pass|pwd|auth|sig|credential|session|code/i;
const HIDDEN = '***';

/**
 * Parses an endpoint and checks that it is an http(s) URL. The error never
 * echoes the value (it may hold credentials), except a bare `host:port`, shown
 * with the scheme it lacks.
 */
export function parseEndpointUrl(endpoint: string | URL, what = 'the endpoint'): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new InvalidConfigError(`${what} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const bare = /^[a-z0-9.-]+:\d+(\/.*)?$/i.test(String(endpoint)) ? ` (did you mean http://${safeUrl(`http://${String(endpoint)}`).slice(7)}?)` : '';
    throw new InvalidConfigError(`${what} must be an http:// or https:// URL, not ${url.protocol}${bare}`);
  }
  return url;
}

/** A URL as it may be printed: no user or password, secret query values hidden, no fragment. */
export function safeUrl(endpoint: string | URL): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return redactUrlsIn(String(endpoint));
  }
  url.username = '';
  url.password = '';
  url.hash = '';
  for (const key of [...new Set(url.searchParams.keys())]) {
    if (SECRET_PARAM.test(key)) url.searchParams.set(key, HIDDEN);
  }
  return url.toString();
}

/** `text` with every URL in it shown as `safeUrl` shows it (for error messages that quote one). */
export function redactUrlsIn(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, (match) => (URL.canParse(match) ? safeUrl(match) : match.replace(/\/\/[^/@\s]*@/, '//')));
}

/** Whether a URL names this machine (`localhost`, 127.0.0.0/8, `[::1]`): requests to it never leave it. */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
