/**
 * The SDKs agent-otel traces with one import. Each hook imports its SDK's
 * types only; the SDK itself is reached through the module the application
 * loads.
 */
import { claudeAgentSdkHook } from './claude-agent-sdk/claude-agent-sdk-hook.js';
import { langChainHook } from './langchain/langchain-hook.js';
import { openAiAgentsHook } from './openai-agents/openai-agents-hook.js';
import type { SdkHook } from './sdk-hook.js';
import { vercelAiHook } from './vercel-ai/vercel-ai-hook.js';

export const sdkHooks: readonly SdkHook[] = [claudeAgentSdkHook, vercelAiHook, openAiAgentsHook, langChainHook];
