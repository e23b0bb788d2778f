import { isRecord } from '../../core/json-lines.js';

/**
 * Text of a Gemini `PartListUnion`: a string, one part or a list of parts,
 * where text parts are `{ text }`. Non-text parts (inline data, function
 * calls) are left out. Returns undefined when there is no text at all.
 */
export function partsText(content: unknown): string | undefined {
  if (typeof content === 'string') return content === '' ? undefined : content;
  const parts = Array.isArray(content) ? content : [content];
  const texts: string[] = [];
  for (const part of parts) {
    if (typeof part === 'string') texts.push(part);
    else if (isRecord(part) && typeof part.text === 'string' && part.thought !== true) texts.push(part.text);
  }
  const text = texts.join('');
  return text === '' ? undefined : text;
}

/**
 * The `response` objects of the `functionResponse` parts of a tool result, or
 * the raw result when it holds none.
 */
export function functionResponses(result: unknown): unknown {
  const parts = Array.isArray(result) ? result : [result];
  const responses: unknown[] = [];
  for (const part of parts) {
    if (isRecord(part) && isRecord(part.functionResponse)) responses.push(part.functionResponse.response);
  }
  if (responses.length === 0) return result;
  return responses.length === 1 ? responses[0] : responses;
}

/** The error text of a failed tool call: its display text, else the function response's `error`. */
export function toolErrorText(resultDisplay: unknown, result: unknown): string | undefined {
  if (typeof resultDisplay === 'string' && resultDisplay !== '') return resultDisplay;
  const response = functionResponses(result);
  if (isRecord(response) && typeof response.error === 'string') return response.error;
  return undefined;
}
