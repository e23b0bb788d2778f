import type { TokenUsage } from '../../model/usage.js';
import type { OpenCodeTokens } from './schema.js';

/**
 * OpenCode's tokens in the canonical form. OpenCode stores `input` without
 * the cached tokens (it subtracts cache reads and writes from the provider's
 * count), hence `inputIncludesCache: false`. `output` is kept as stored: recent
 * versions subtract the reasoning tokens from it, older ones did not.
 */
export function openCodeUsage(tokens: OpenCodeTokens): TokenUsage {
  const n = (v: number | null | undefined): number => (typeof v === 'number' && v > 0 ? Math.round(v) : 0);
  return {
    input: n(tokens.input),
    output: n(tokens.output),
    reasoning: n(tokens.reasoning),
    cacheRead: n(tokens.cache?.read),
    cacheCreation: n(tokens.cache?.write),
    ...(typeof tokens.total === 'number' && tokens.total >= 0 ? { total: Math.round(tokens.total) } : {}),
    inputIncludesCache: false,
  };
}

/** OpenCode provider ids -> OpenTelemetry `gen_ai.provider.name` values, where they differ. */
const PROVIDERS: Record<string, string> = {
  google: 'gcp.gemini',
  'google-vertex': 'gcp.vertex_ai',
  'google-vertex-anthropic': 'gcp.vertex_ai',
  'amazon-bedrock': 'aws.bedrock',
  azure: 'azure.ai.openai',
  mistral: 'mistral_ai',
  xai: 'x_ai',
  'github-copilot': 'github.copilot',
};

export function providerName(providerId: string | undefined): string | undefined {
  if (!providerId) return undefined;
  return PROVIDERS[providerId] ?? providerId;
}
