/**
 * `gen_ai.provider.name` for an AI SDK model. The SDK's `provider` is the
 * provider package's own string, `openai.chat`, `anthropic.messages`,
 * `google.vertex.chat`, `amazon-bedrock`, ...: its first one or two dotted
 * segments name the provider. Models reached through the Vercel AI Gateway
 * (`provider` = `gateway`) name theirs in the model id (`openai/gpt-5`).
 */
const NAMES: Readonly<Record<string, string>> = {
  openai: 'openai',
  azure: 'azure.ai.openai',
  anthropic: 'anthropic',
  google: 'gcp.gemini',
  'google.vertex': 'gcp.vertex_ai',
  vertex: 'gcp.vertex_ai',
  'amazon-bedrock': 'aws.bedrock',
  bedrock: 'aws.bedrock',
  mistral: 'mistral_ai',
  xai: 'x_ai',
  groq: 'groq',
  deepseek: 'deepseek',
  cohere: 'cohere',
  perplexity: 'perplexity',
};

/** The provider's name in the conventions' spelling, else the SDK's first segment as it is. */
export function providerName(provider: unknown, modelId: unknown): string | undefined {
  if (typeof provider !== 'string' || provider === '') return undefined;
  if (provider === 'gateway' && typeof modelId === 'string' && modelId.includes('/')) return providerName(modelId.slice(0, modelId.indexOf('/')), undefined);
  const segments = provider.split('.');
  const two = segments.slice(0, 2).join('.');
  const first = segments[0] ?? provider;
  return NAMES[two] ?? NAMES[first] ?? first;
}
