import { readLines } from '../../core/line-reader.js';
import { isRecord } from '../../core/json-lines.js';

/**
 * The responses that have an `assistant.usage` record somewhere in the file,
 * by `apiCallId` and `providerCallId` (= the assistant message's `requestId`).
 * Such a response gets its model.call from the usage record (full token
 * counts) and none from its `assistant.message` (output tokens only), so usage
 * is counted once whatever the order of the two records. Only lines that
 * mention `assistant.usage` are parsed; memory is one short key per response.
 */
export async function usageKeys(file: string, maxLineBytes?: number): Promise<Set<string>> {
  const keys = new Set<string>();
  for await (const line of readLines(file, { maxLineBytes })) {
    if ('overlong' in line || !line.text.includes('"assistant.usage"')) continue;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch {
      continue; // reported by the main pass
    }
    if (!isRecord(value) || value.type !== 'assistant.usage' || !isRecord(value.data)) continue;
    for (const key of [value.data.apiCallId, value.data.providerCallId]) {
      if (typeof key === 'string' && key !== '') keys.add(key);
    }
  }
  return keys;
}

/** Whether an assistant message's response is covered by a usage record. */
export function hasUsageRecord(keys: Set<string>, apiCallId?: string, requestId?: string): boolean {
  return (apiCallId !== undefined && keys.has(apiCallId)) || (requestId !== undefined && keys.has(requestId));
}
