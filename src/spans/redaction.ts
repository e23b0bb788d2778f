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

/** The built-in rules, most specific first. Documented in the README. */
export const DEFAULT_REDACTION_RULES: readonly RedactionRule[] = [
  rule('private_key', String.raw`-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|$)`),
  rule('anthropic_key', String.raw`\bsk-ant-[A-Za-z0-9_-]{20,}`),
  rule('openai_key', String.raw`\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}`),
  rule('google_key', String.raw`\bAIza[0-9A-Za-z_-]{35}`),
  rule('github_token', String.raw`\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})`),
  rule('gitlab_token', String.raw`\bglpat-[A-Za-z0-9_-]{20,}`),
  rule('slack_token', String.raw`\bxox[abposr]-[A-Za-z0-9-]{10,}`),
  rule('stripe_key', String.raw`\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}`),
  rule('aws_access_key_id', String.raw`\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b`),
  rule('aws_secret_access_key', String.raw`(?<=aws_secret_access_key["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{40}`, 'gi'),
  rule('jwt', String.raw`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`),
  rule('bearer_token', String.raw`(?<=\b(?:Bearer|Token)\s+)[A-Za-z0-9._~+/=-]{16,}`, 'gi'),
  rule('url_password', String.raw`(?<=\b[a-z][a-z0-9+.-]*://[^\s:/@]+:)[^\s@/]+(?=@)`, 'gi'),
  rule(
    'env_secret',
    String.raw`(?<=\b[A-Za-z0-9_]*(?:SECRET|TOKEN|PASSWORD|PASSWD|PWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH)[A-Za-z0-9_]*\s*[=:]\s*["']?)[^\s"'#]{6,}`,
    'gi',
  ),
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
