import type { ApiMessage } from './schema.js';
import { messageText } from './tool-calls.js';

/**
 * Facts the extensions write into the environment details of each user
 * message: the working directory (first message only), Roo Code's mode and
 * model (`<slug>`, `<model>`).
 */
export interface EnvironmentFacts {
  cwd?: string;
  mode?: string;
  model?: string;
}

const CWD = /# Current Working Directory \(([^)\n]+)\) Files/;
const SLUG = /<slug>([^<\n]+)<\/slug>/;
const MODEL = /<model>([^<\n]+)<\/model>/;

export function environmentFacts(message: ApiMessage | string | undefined): EnvironmentFacts {
  if (message === undefined) return {};
  const text = typeof message === 'string' ? message : messageText(message);
  const at = text.lastIndexOf('<environment_details>');
  if (at === -1) return {};
  const details = text.slice(at);
  const cwd = CWD.exec(details)?.[1];
  const mode = SLUG.exec(details)?.[1];
  const model = MODEL.exec(details)?.[1];
  return { ...(cwd ? { cwd } : {}), ...(mode ? { mode } : {}), ...(model ? { model } : {}) };
}

/** Provider ids of the extensions as the semantic conventions name them (others are kept as written). */
const PROVIDERS: Record<string, string> = {
  bedrock: 'aws.bedrock',
  vertex: 'gcp.vertex_ai',
  gemini: 'gcp.gemini',
  openai: 'openai',
  'openai-native': 'openai',
  mistral: 'mistral_ai',
  deepseek: 'deepseek',
  xai: 'x_ai',
};

export function semconvProvider(id: string | undefined): string | undefined {
  return id === undefined ? undefined : (PROVIDERS[id] ?? id);
}
