/**
 * Fake secrets of every kind agent-otel redacts, in the shapes they take in
 * agent sessions (a command line, an .env file, a JSON API answer, a URL...).
 * Generated from a fixed seed: realistic lengths and alphabets, never real
 * credentials.
 */
import { seededRandom } from './prng.js';

export interface SecretCase {
  kind: string;
  /** The rule expected to catch it. */
  rule: string;
  /** The parts that must never reach a sink (a key block: its body lines). */
  secrets: string[];
  /** The secret as it appears in text. */
  text: string;
}

const random = seededRandom(0x2545f491);

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
const ALNUM = LOWER + UPPER + DIGITS;
const B64URL = `${ALNUM}-_`;
const B64 = `${ALNUM}+/`;
const pick = (alphabet: string, n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
const b64url = (bytes: number) => Buffer.from(pick(ALNUM, bytes)).toString('base64url');

function jwt(): string {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ sub: pick(DIGITS, 10), name: 'Fake User', iat: 1_700_000_000 })).toString('base64url');
  return `${header}.${payload}.${b64url(32)}`;
}

function keyBlock(label: string): { text: string; body: string[] } {
  const body = Array.from({ length: 6 }, () => pick(B64, 64));
  return { text: `-----BEGIN ${label}-----\n${body.join('\n')}\n-----END ${label}-----`, body };
}

function one(kind: string, rule: string, secret: string, text: (s: string) => string = (s) => s): SecretCase {
  return { kind, rule, secrets: [secret], text: text(secret) };
}

const rsa = keyBlock('RSA PRIVATE KEY');
const openssh = keyBlock('OPENSSH PRIVATE KEY');
const pgp = keyBlock('PGP PRIVATE KEY BLOCK');
const awsSecret = pick(B64, 40);
const stsSecret = pick(B64, 40);
const sessionToken = pick(B64, 300);

export const SECRET_CORPUS: readonly SecretCase[] = [
  one('OpenAI key (legacy)', 'openai_key', `sk-${pick(ALNUM, 48)}`, (s) => `export OPENAI_API_KEY=${s}`),
  one('OpenAI project key', 'openai_key', `sk-proj-${pick(B64URL, 124)}`, (s) => `client = OpenAI(api_key="${s}")`),
  one('OpenAI service account key', 'openai_key', `sk-svcacct-${pick(B64URL, 80)}`),
  one('Anthropic key', 'anthropic_key', `sk-ant-api03-${pick(B64URL, 93)}AA`, (s) => `curl -H "x-api-key: ${s}" https://api.anthropic.com/v1/messages`),
  one('Anthropic admin key', 'anthropic_key', `sk-ant-admin01-${pick(B64URL, 93)}AA`),
  one('Google API key', 'google_key', `AIza${pick(B64URL, 35)}`, (s) => `https://maps.googleapis.com/maps/api/geocode/json?address=x&key=${s}`),
  one('Google OAuth token', 'google_oauth_token', `ya29.${pick(B64URL, 150)}`, (s) => `gcloud auth print-access-token => ${s}`),
  one('GitHub classic token', 'github_token', `ghp_${pick(ALNUM, 36)}`, (s) => `git remote add origin https://${s}@github.com/acme/repo.git`),
  one('GitHub fine-grained token', 'github_token', `github_pat_${pick(ALNUM, 22)}_${pick(ALNUM, 59)}`, (s) => `GH_TOKEN=${s} gh pr list`),
  one('GitHub app token in a URL', 'github_token', `ghs_${pick(ALNUM, 36)}`, (s) => `https://x-access-token:${s}@github.com/acme/repo`),
  one('GitLab token', 'gitlab_token', `glpat-${pick(B64URL, 20)}`, (s) => `curl --header "PRIVATE-TOKEN: ${s}" https://gitlab.example.com/api/v4/projects`),
  one('GitLab deploy token', 'gitlab_token', `gldt-${pick(B64URL, 24)}`),
  one('Slack bot token', 'slack_token', `xoxb-${pick(DIGITS, 12)}-${pick(DIGITS, 13)}-${pick(ALNUM, 24)}`, (s) => `SLACK_BOT_TOKEN=${s}`),
  one('Slack app token', 'slack_token', `xapp-1-A${pick(UPPER + DIGITS, 10)}-${pick(DIGITS, 13)}-${pick(LOWER + DIGITS, 64)}`),
  one('Slack webhook', 'slack_webhook', `https://hooks.slack.com/services/T${pick(UPPER + DIGITS, 10)}/B${pick(UPPER + DIGITS, 10)}/${pick(ALNUM, 24)}`),
  one('Stripe secret key', 'stripe_key', `sk_live_${pick(ALNUM, 99)}`, (s) => `stripe.api_key = '${s}'`),
  one('Stripe restricted key', 'stripe_key', `rk_live_${pick(ALNUM, 24)}`),
  one('Stripe webhook secret', 'stripe_key', `whsec_${pick(ALNUM, 32)}`),
  one('Hugging Face token', 'huggingface_token', `hf_${pick(ALNUM, 34)}`),
  one('npm token', 'npm_token', `npm_${pick(ALNUM, 36)}`, (s) => `//registry.npmjs.org/:_authToken=${s}`),
  one('AWS access key id', 'aws_access_key_id', `AKIA${pick(UPPER + DIGITS, 16)}`, (s) => `aws_access_key_id = ${s}`),
  one('AWS secret in a credentials file', 'aws_secret_access_key', awsSecret, (s) => `[default]\naws_secret_access_key = ${s}\nregion = eu-west-1`),
  one('AWS secret in the environment', 'aws_secret_access_key', pick(B64, 40), (s) => `AWS_SECRET_ACCESS_KEY=${s}`),
  {
    kind: 'AWS STS answer (JSON)',
    rule: 'aws_secret_access_key',
    secrets: [stsSecret, sessionToken],
    text: `{"Credentials": {"AccessKeyId": "ASIA${pick(UPPER + DIGITS, 16)}", "SecretAccessKey": "${stsSecret}", "SessionToken": "${sessionToken}"}}`,
  },
  one('Bearer token', 'bearer_token', pick(B64URL, 40), (s) => `curl -H "Authorization: Bearer ${s}" https://api.example.com/v1/things`),
  one('Basic credentials', 'basic_auth', Buffer.from(`deploy:${pick(ALNUM, 20)}`).toString('base64'), (s) => `Authorization: Basic ${s}`),
  one('JWT', 'jwt', jwt(), (s) => `document.cookie = "session=${s}"`),
  { kind: 'RSA private key', rule: 'private_key', secrets: rsa.body, text: `cat ~/.ssh/id_rsa\n${rsa.text}\n` },
  { kind: 'OpenSSH private key', rule: 'private_key', secrets: openssh.body, text: openssh.text },
  { kind: 'PGP private key block', rule: 'private_key', secrets: pgp.body, text: pgp.text },
  one('Password in a database URL', 'url_password', `Tr0ub4dor&${pick(ALNUM, 10)}`, (s) => `DATABASE_URL=postgres://admin:${s}@db.internal:5432/prod`),
  one('Password in a Redis URL without user', 'url_password', pick(ALNUM, 24), (s) => `redis://:${s}@cache:6379/0`),
  one('.env password', 'env_secret', pick(ALNUM + '!$%', 18), (s) => `DB_PASSWORD=${s}`),
  one('.env client secret (quoted)', 'env_secret', pick(ALNUM, 32), (s) => `GOOGLE_CLIENT_SECRET="${s}"`),
  one('.env signing key', 'env_key', pick(ALNUM, 48), (s) => `JWT_SIGNING_KEY=${s}`),
  one('JSON password with spaces', 'env_secret', 'correct horse battery staple', (s) => `{"username": "bob", "password": "${s}"}`),
  one('YAML token', 'env_secret', pick(ALNUM, 30), (s) => `service:\n  auth_token: ${s}\n`),
  one('Password flag', 'cli_secret', pick(ALNUM, 16), (s) => `mysql -u root --password ${s} prod`),
];

/** Text that must survive redaction (content capture really is on). */
export const VISIBLE = 'VISIBLE-MARKER-42';

/** A token recognised by its own shape, and the rule that catches it. */
export interface ShapedToken {
  kind: string;
  rule: string;
  token: string;
}

/** One token of every kind that has a shape of its own (prefix, alphabet, length). */
export const SHAPED_TOKENS: readonly ShapedToken[] = [
  { kind: 'Anthropic API key', rule: 'anthropic_key', token: `sk-ant-api03-${pick(B64URL, 93)}AA` },
  { kind: 'Anthropic OAuth token', rule: 'anthropic_key', token: `sk-ant-oat01-${pick(B64URL, 80)}` },
  { kind: 'OpenAI key (legacy)', rule: 'openai_key', token: `sk-${pick(ALNUM, 20)}T3BlbkFJ${pick(ALNUM, 20)}` },
  { kind: 'OpenAI project key', rule: 'openai_key', token: `sk-proj-${pick(B64URL, 124)}` },
  { kind: 'Google API key', rule: 'google_key', token: `AIza${pick(B64URL, 35)}` },
  { kind: 'Google OAuth token', rule: 'google_oauth_token', token: `ya29.${pick(B64URL, 120)}` },
  { kind: 'GitHub classic token', rule: 'github_token', token: `ghp_${pick(ALNUM, 36)}` },
  { kind: 'GitHub fine-grained token', rule: 'github_token', token: `github_pat_${pick(ALNUM, 22)}_${pick(ALNUM, 59)}` },
  { kind: 'GitLab token', rule: 'gitlab_token', token: `glpat-${pick(B64URL, 20)}` },
  { kind: 'Slack bot token', rule: 'slack_token', token: `xoxb-${pick(DIGITS, 12)}-${pick(DIGITS, 13)}-${pick(ALNUM, 24)}` },
  { kind: 'Slack app token', rule: 'slack_token', token: `xapp-1-A${pick(UPPER + DIGITS, 10)}-${pick(DIGITS, 13)}-${pick(LOWER + DIGITS, 64)}` },
  { kind: 'Slack webhook', rule: 'slack_webhook', token: `https://hooks.slack.com/services/T${pick(UPPER + DIGITS, 10)}/B${pick(UPPER + DIGITS, 10)}/${pick(ALNUM, 24)}` },
  { kind: 'Stripe secret key', rule: 'stripe_key', token: `sk_live_${pick(ALNUM, 24)}7Qa` },
  { kind: 'Stripe webhook secret', rule: 'stripe_key', token: `whsec_${pick(ALNUM, 32)}` },
  { kind: 'Hugging Face token', rule: 'huggingface_token', token: `hf_${pick(ALNUM, 34)}` },
  { kind: 'npm token', rule: 'npm_token', token: `npm_${pick(ALNUM, 36)}` },
  { kind: 'AWS access key id', rule: 'aws_access_key_id', token: `AKIA${pick(UPPER + DIGITS, 16)}` },
  { kind: 'JWT', rule: 'jwt', token: jwt() },
];

/**
 * What can stand right before and after a token in captured text: a word it is
 * glued to, an escaped newline of JSON text (a tool result that is itself
 * JSON), quotes, the start or end of the input. `[before, after]`.
 */
export const TOKEN_NEIGHBOURS: readonly (readonly [string, string, string])[] = [
  ['letters', 'abc', ' tail'],
  ['digits', '123', ' 456'],
  ['an underscore', 'TOKEN_', ' end'],
  ['an escaped newline', String.raw`Logged in\n`, String.raw`\nDone`],
  ['an escaped tab', String.raw`key\t`, String.raw`\t`],
  ['double quotes', 'token = "', '";'],
  ['single quotes', "token='", "'"],
  ['an equals sign', 'X=', '&y=1'],
  ['the start and end of the input', '', ''],
  ['a space, at the end of the input', 'use ', ''],
];

/** A token inside a JSON string value, and inside JSON that is itself a string in JSON (escapes doubled). */
export const inJson = (value: string): string => JSON.stringify({ tool: 'Bash', output: `Logged in\n${value}\nok` });
export const inNestedJson = (value: string): string => JSON.stringify({ result: inJson(value) });

/** Passwords in URLs: with `/`, percent-encoded, with no user, inside JSON. `[description, text before, password, text after]`. */
export const URL_PASSWORDS: readonly (readonly [string, string, string, string])[] = [
  ['a password holding /', 'postgres://admin:', 'ab/cd3fgh', '@host/db'],
  ['several / and a port after the host', 'DATABASE_URL=postgres://admin:', `${pick(ALNUM, 6)}/${pick(ALNUM, 6)}/x`, '@db.internal:5432/prod'],
  ['percent-encoded', 'mysql://app:', 'p%40ss%2Fw0rd%21', '@db/app'],
  ['no user', 'redis://:', pick(ALNUM, 24), '@cache:6379/0'],
  ['no @ or / in it, scheme glued to a word', 'url=xamqps://user:', pick(ALNUM, 16), '@broker:5671'],
  ['inside a JSON string value', '{"url":"postgres://admin:', 'ab/cd3fgh', '@host/db","pool":5}'],
  ['after an escaped newline', String.raw`Logged in\npostgres://admin:`, 'ab/cd3fgh', String.raw`@host/db\n`],
];

/** Ordinary text that looks a little like a secret and must be left alone. */
export const LOOKALIKES: readonly string[] = [
  'task-1 finished; sess-1/agent-a started',
  'risk-assessment-report-2024-final-version',
  'branch task-3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d',
  'disk_test_configurationfile and risk_live_environmentsetup',
  'ask-ant-colony-optimization-2024',
  'the ghp_ and sk-ant- prefixes mark tokens',
  'REGION_EURASIA0123456789ABCDEF',
  '{"url":"http://localhost:3000","email":"a@b.com"}',
  'https://example.com:443/users/@alice',
  String.raw`Logged in\nToken count: 12`,
];
