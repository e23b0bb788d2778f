/**
 * zag names the CLI it wraps (`provider`: claude, codex, gemini, copilot); the
 * span model wants the model provider in the semantic conventions' spelling
 * (`gen_ai.provider.name`). GitHub Copilot has no well-known value, so it gets
 * `github.copilot`. Names not listed pass through in lower case.
 */
const PROVIDERS: Readonly<Record<string, string>> = {
  claude: 'anthropic',
  'claude-code': 'anthropic',
  anthropic: 'anthropic',
  codex: 'openai',
  openai: 'openai',
  gemini: 'gcp.gemini',
  copilot: 'github.copilot',
};

export function providerName(zagProvider: string | null | undefined): string | undefined {
  if (!zagProvider) return undefined;
  const lower = zagProvider.toLowerCase();
  return PROVIDERS[lower] ?? lower;
}
