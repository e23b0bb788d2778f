/**
 * Secret redaction for captured content. Runs before any exporter sees a
 * value. Each rule has a name (reported in counts) and a pattern; the match,
 * or its `secret` group where the rule has one, is replaced by
 * `[REDACTED:<name>]`.
 */
export interface RedactionRule {
  name: string;
  pattern: RegExp;
}

const rule = (name: string, source: string, flags = 'g'): RedactionRule => ({ name, pattern: new RegExp(source, flags) });

/** An optional quote, possibly escaped (`"`, `'`, or `\"` inside JSON text). */
const QUOTE = String.raw`(?:\\?["'])?`;
/**
 * A secret value after its key: inside quotes, everything up to the closing
 * quote; unquoted, a run of 6 or more characters up to whitespace, a quote,
 * `#`, `,`, `;`, `&` or `}`. Plain numbers (token counts) and values already
 * redacted are left alone.
 */
const VALUE = String.raw`(?!\[REDACTED)(?![0-9.]+(?:[\s"'\\#,;&}]|$))(?:(?<=["'])[^"'\\\n]{4,}(?=\\?["'])|[^\s"'\\#,;&}]{6,})`;
/** Words that make a key name a secret's (`DB_PASSWORD`, `api-key`, `client_secret`, `x-auth-token`; not `max_tokens`). */
const SECRET_WORD = String.raw`(?:SECRET|TOKEN(?!S)|PASSWORD|PASSWD|PASSPHRASE|_PWD|API[_-]?KEY|ACCESS[_-]?KEY|PRIVATE[_-]?KEY|CREDENTIALS?)`;
// Look-behinds only ever look a bounded way back, so that no input makes redaction quadratic.
const NAME_CHARS = String.raw`[A-Za-z0-9_.-]{0,64}`;
const SPACE = String.raw`[ \t]{0,8}`;
/** Where a keyword starts: a word boundary, or right after an escape (`\n`, `\t`) in JSON text. */
const KEYWORD_START = String.raw`(?:\b|(?<=\\[nrt]))`;
/**
 * A run of `min` or more alphanumerics holding a digit, an upper- and a
 * lower-case letter: the body of a random key. Short prefixes (`sk-`,
 * `sk_live_`) need it, since they also end ordinary words (`task-`,
 * `risk_test_`); words and lower-case hex ids are not taken for keys.
 */
const mixedAlnum = (min: number): string =>
  String.raw`(?=[A-Za-z0-9]{0,255}?[0-9])(?=[A-Za-z0-9]{0,255}?[A-Z])(?=[A-Za-z0-9]{0,255}?[a-z])[A-Za-z0-9]{${min},}`;

/**
 * The built-in rules, most specific first (a value one rule replaced is not
 * matched again by a later one). Documented in the README.
 *
 * A token is recognised by its own shape (prefix, alphabet, length), as in
 * gitleaks' rules, not by what stands before it: `in\nghp_…` (an escaped
 * newline in JSON text), `TOKEN_ghp_…` and `abcsk-ant-…` are all caught.
 */
export const DEFAULT_REDACTION_RULES: readonly RedactionRule[] = [
  rule('private_key', String.raw`-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|$)`),
  // sk-ant-api03-…, sk-ant-admin01-…, sk-ant-oat01-…: a kind and a version before the body.
  rule('anthropic_key', String.raw`sk-ant-[a-z]{2,8}[0-9]{2}-[A-Za-z0-9_-]{20,}`),
  rule('openai_key', String.raw`sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}|sk-${mixedAlnum(20)}`),
  rule('google_key', String.raw`AIza[0-9A-Za-z_-]{35}`),
  rule('google_oauth_token', String.raw`ya29\.[0-9A-Za-z_-]{20,}`),
  rule('github_token', String.raw`gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}`),
  rule('gitlab_token', String.raw`gl(?:pat|ptt|dt|rt|cbt|imt|oas|ft|soat|agent)-[A-Za-z0-9_-]{20,}`),
  rule('slack_token', String.raw`(?:xox[abposre]|xoxe\.xox[bp])-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,}`),
  rule('slack_webhook', String.raw`https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]{20,}`),
  rule('stripe_key', String.raw`(?:sk|rk|pk)_(?:live|test)_${mixedAlnum(16)}|whsec_[A-Za-z0-9]{24,}`),
  rule('huggingface_token', String.raw`hf_[A-Za-z0-9]{30,}`),
  rule('npm_token', String.raw`npm_[A-Za-z0-9]{36}`),
  // Upper case and digits only: the key starts where that alphabet's run starts.
  rule('aws_access_key_id', String.raw`(?<![A-Z])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])`),
  rule('aws_secret_access_key', String.raw`(?<=(?:aws_?secret_?access_?key|secret_?access_?key)${QUOTE}${SPACE}[:=]${SPACE}${QUOTE})[A-Za-z0-9/+=]{40}`, 'gi'),
  rule('jwt', String.raw`eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`),
  rule('bearer_token', String.raw`(?<=${KEYWORD_START}(?:Bearer|Token)[ \t]{1,8})[A-Za-z0-9._~+/=-]{16,}`, 'gi'),
  rule('basic_auth', String.raw`(?<=${KEYWORD_START}Basic[ \t]{1,8})[A-Za-z0-9+/]{12,}={0,2}`, 'g'),
  // The password may hold `/`; it ends at `@`, and never spans quotes, spaces or escapes.
  // A port and a path (`host:8080/a@b`) are not a password.
  rule('url_password', String.raw`(?<=\b[a-z][a-z0-9+.-]{0,32}://[^\s:/@[\]"'\\]{0,256}:)(?!\[REDACTED)(?![0-9]{1,5}[/?#])[^\s@"'\\<>]{1,256}(?=@)`, 'gi'),
  // KEY=value, "key": "value", key: value, where the key names a secret.
  rule('env_secret', String.raw`(?<=\b${NAME_CHARS}${SECRET_WORD}${NAME_CHARS}${QUOTE}${SPACE}[=:]${SPACE}${QUOTE})${VALUE}`, 'gi'),
  // Command-line flags: --password value, --api-key=value.
  rule('cli_secret', String.raw`(?<=(?:^|\s|\\[nrt])--?${NAME_CHARS}${SECRET_WORD}${NAME_CHARS}(?:[ \t]{1,8}|=)${QUOTE})${VALUE}`, 'gi'),
  // .env style: an upper-case name ending in _KEY (STRIPE_KEY=..., SIGNING_KEY=...).
  rule('env_key', String.raw`(?<=\b[A-Z][A-Z0-9_]{0,64}_KEY${QUOTE}${SPACE}[=:]${SPACE}${QUOTE})${VALUE}`),
];

export interface RedactionResult {
  text: string;
  /** Number of values replaced. */
  count: number;
}

export class Redactor {
  readonly rules: readonly RedactionRule[];

  constructor(extra: readonly (RegExp | string)[] = [], base: readonly RedactionRule[] = DEFAULT_REDACTION_RULES) {
    this.rules = [
      ...base,
      ...extra.map((p, i) => ({
        name: `custom_${i + 1}`,
        pattern: typeof p === 'string' ? new RegExp(p, 'g') : new RegExp(p.source, p.flags.includes('g') ? p.flags : `${p.flags}g`),
      })),
    ];
  }

  redact(text: string): RedactionResult {
    let count = 0;
    let out = text;
    for (const { name, pattern } of this.rules) {
      pattern.lastIndex = 0;
      out = out.replace(pattern, () => {
        count++;
        return `[REDACTED:${name}]`;
      });
    }
    return { text: out, count };
  }
}

/**
 * Reads extra patterns from `AGENT_OTEL_REDACT_PATTERNS`: a JSON array of
 * regular expression sources, or one regular expression.
 */
export function parseRedactPatterns(value: string | undefined): string[] {
  if (!value || value.trim() === '') return [];
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    const parsed: unknown = JSON.parse(trimmed);
    if (Array.isArray(parsed) && parsed.every((p) => typeof p === 'string')) return parsed;
  }
  return [trimmed];
}
