import type { TokenUsage } from '../../model/usage.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { definedFields } from '../optional-fields.js';
import { parseRecord } from '../record.js';
import { tokenCount } from '../token-counts.js';
import { ApiRequestInfo } from './schema.js';
import type { Indexed } from './task-files.js';
import type { UiMessage } from './schema.js';

/**
 * The JSON text of an `api_req_started` record. Cline and Roo Code write it
 * when the request starts (`request` only) and rewrite it with the counts and
 * the cost when the response has ended. A text that is not JSON or does not
 * fit is a warning naming the record, and the request is kept without figures.
 */
export function apiRequestInfo(record: Indexed<UiMessage>, warn: WarningSink): ApiRequestInfo {
  const { file, line } = record.source;
  let value: unknown;
  try {
    value = JSON.parse(record.value.text ?? '');
  } catch {
    warn({ code: 'schema', file, message: `ui_messages.json[${line}]: api_req_started text is not JSON; the request is kept without its figures` });
    return {};
  }
  return parseRecord(ApiRequestInfo, value, { file }, (w) => warn({ ...w, message: `ui_messages.json[${line}].text: ${w.message}` })) ?? {};
}

/** True once the response has ended: the record carries its counts, its cost or why it stopped. */
export function requestFinished(info: ApiRequestInfo): boolean {
  return info.tokensOut !== undefined || info.cost !== undefined || !!info.cancelReason;
}

/**
 * Providers whose figures Cline and Roo Code take from an Anthropic-style API:
 * `tokensIn` counts the input apart from the cache reads and writes. Other
 * providers (OpenAI-compatible APIs) report an input that includes the cached
 * tokens; Roo Code says which in `apiProtocol`.
 */
const ANTHROPIC_STYLE = new Set(['anthropic', 'bedrock', 'vertex', 'claude-code']);

/** Whether `tokensIn` already includes the cached tokens: `apiProtocol` when recorded, else by provider. */
export function inputIncludesCache(info: ApiRequestInfo, provider: string | undefined): boolean {
  if (info.apiProtocol === 'anthropic') return false;
  if (info.apiProtocol === 'openai') return true;
  return provider === undefined ? false : !ANTHROPIC_STYLE.has(provider);
}

/** The usage of one request, undefined when the record has no counts (a request cut short before any). */
export function requestUsage(info: ApiRequestInfo, provider: string | undefined): TokenUsage | undefined {
  const fields = definedFields({
    input: tokenCount(info.tokensIn),
    output: tokenCount(info.tokensOut),
    cacheRead: tokenCount(info.cacheReads),
    cacheCreation: tokenCount(info.cacheWrites),
  });
  if (Object.keys(fields).length === 0) return undefined;
  return { ...fields, inputIncludesCache: inputIncludesCache(info, provider) };
}
