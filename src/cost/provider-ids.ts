/**
 * `gen_ai.provider.name` values (the semantic conventions' spelling, which the
 * adapters write) -> provider ids of the genai-prices table, where they differ.
 * Ids not listed are looked up as they are: genai-prices matches its own ids
 * and common aliases (`gemini`, `bedrock`, `azure`, ...) itself.
 */
const PRICE_PROVIDERS: Readonly<Record<string, string>> = {
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  'gcp.gen_ai': 'google',
  'aws.bedrock': 'aws',
  'azure.ai.openai': 'azure',
  'azure.ai.inference': 'azure',
  'github.copilot': 'github-copilot',
  mistral_ai: 'mistral',
  x_ai: 'x-ai',
};

/** The genai-prices provider id for a `gen_ai.provider.name` value. */
export function priceProviderId(provider: string): string {
  const lower = provider.toLowerCase();
  return PRICE_PROVIDERS[lower] ?? lower;
}
