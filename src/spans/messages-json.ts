import type { Attributes } from '@opentelemetry/api';
import { cutText, type ContentPolicy } from './content.js';
import type { ChatMessage, ContentItem, MessagePart } from './message-parts.js';
import * as sc from './semconv.js';

/** A string inside a part that may be cut: a text, or a tool call's arguments or response (as JSON text once cut). */
interface Slot {
  part: MessagePart;
  /** The value as it was (a tool call's arguments may be an object). */
  original: unknown;
  text: string;
  /** Characters cut before the text was kept. */
  cut: number;
  set: (value: unknown) => void;
}

/**
 * Puts messages (or system-instruction parts) on a span as the JSON text the
 * conventions define, within `max` characters, always valid JSON: the
 * longest texts are cut first (with the usual marker), then, if still too
 * long, parts are dropped from the end and a text part says how many. The
 * parts were redacted when they were kept (ContentPolicy.keep). Counts the
 * value in `agent_otel.content.truncated` when anything was cut, and the
 * parts' secrets in `agent_otel.content.redacted`.
 */
export function putMessages(
  attributes: Attributes,
  key: string,
  shape: { messages: ChatMessage[] } | { parts: MessagePart[] },
  items: readonly ContentItem[],
  policy: ContentPolicy,
  max: number,
): void {
  const cuts = new Map<MessagePart, number>();
  let redactions = 0;
  for (const item of items) {
    if (item.part && item.cut) cuts.set(item.part, item.cut);
    redactions += item.redactions ?? 0;
  }
  const groups = 'messages' in shape ? shape.messages.map((m) => m.parts) : [shape.parts];
  const slots: Slot[] = [];
  for (const group of groups) {
    for (let i = 0; i < group.length; i++) {
      // A copy: the writer cuts texts in place.
      const original = group[i]!;
      const part = { ...original };
      group[i] = part;
      const slot = slotOf(part, cuts.get(original) ?? 0);
      if (slot) slots.push(slot);
    }
  }
  const serialize = (): string =>
    'messages' in shape ? JSON.stringify(shape.messages.filter((m) => m.parts.length > 0)) : JSON.stringify(shape.parts);
  const fitted = fit(groups, slots, serialize, max);
  if (redactions > 0) attributes[sc.ATTR_CONTENT_REDACTED] = Number(attributes[sc.ATTR_CONTENT_REDACTED] ?? 0) + redactions;
  if (fitted.truncated) {
    policy.truncated++;
    attributes[sc.ATTR_CONTENT_TRUNCATED] = Number(attributes[sc.ATTR_CONTENT_TRUNCATED] ?? 0) + 1;
  }
  if (fitted.json !== undefined) attributes[key] = fitted.json;
}

function jsonText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

function slotOf(part: MessagePart, cut: number): Slot | undefined {
  switch (part.type) {
    case 'text':
    case 'reasoning':
      return { part, original: part.content, text: part.content, cut, set: (v) => (part.content = v as string) };
    case 'tool_call':
      if (part.arguments === undefined) return undefined;
      return { part, original: part.arguments, text: jsonText(part.arguments), cut, set: (v) => (part.arguments = v) };
    case 'tool_call_response':
      return { part, original: part.response, text: jsonText(part.response), cut, set: (v) => (part.response = v) };
  }
}

/** Length of a string once written as a JSON string, quotes excluded. */
function escapedLength(text: string): number {
  return JSON.stringify(text).length - 2;
}

/** The largest per-slot length `cap` such that the slots, each cut to `cap`, fit in `budget`. */
function waterLevel(lengths: readonly number[], budget: number): number {
  let lo = 0;
  let hi = Math.max(0, ...lengths);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const cost = lengths.reduce((sum, n) => sum + Math.min(n, mid), 0);
    if (cost <= budget) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Characters a cut text keeps at least, when there is room for it: enough for the marker and a few words. */
const MIN_KEEP = 48;

function fit(
  groups: MessagePart[][],
  slots: Slot[],
  serialize: () => string,
  max: number,
): { json?: string; truncated: boolean } {
  let json = serialize();
  if (json.length <= max && !slots.some((s) => s.cut > 0)) return { json, truncated: false };
  const originals = new Map(slots.map((s) => [s, s.text]));
  let live = [...slots];
  const bySlot = new Map(slots.map((s) => [s.part, s]));
  // The skeleton: every text empty. Parts are dropped from the end until it leaves room for each text's start.
  for (const slot of live) slot.set('');
  let dropped = 0;
  let marker: MessagePart | undefined;
  const room = () => live.reduce((sum, s) => sum + Math.min(escapedLength(originals.get(s)!), MIN_KEEP), 0);
  let base = serialize().length;
  while (base + room() > max) {
    if (marker) lastNonEmpty(groups)?.pop();
    const last = lastNonEmpty(groups);
    const part = last?.pop();
    if (!part) return { truncated: true };
    const slot = bySlot.get(part);
    if (slot) live = live.filter((s) => s !== slot);
    dropped++;
    const target = lastNonEmpty(groups);
    if (!target) return { truncated: true };
    marker = { type: 'text', content: `…[${dropped} parts truncated]` };
    target.push(marker);
    base = serialize().length;
  }
  const lengths = live.map((s) => escapedLength(originals.get(s)!));
  let cap = waterLevel(lengths, max - base);
  for (let attempt = 0; attempt < 8; attempt++) {
    for (const slot of live) {
      const text = originals.get(slot)!;
      slot.set(text.length > cap || slot.cut > 0 ? cutText(text, cap, slot.cut) : slot.original);
    }
    json = serialize();
    if (json.length <= max || cap === 0) break;
    cap = Math.max(0, cap - Math.ceil((json.length - max) / Math.max(1, live.length)) - 1);
  }
  return json.length <= max ? { json, truncated: true } : { truncated: true };
}

function lastNonEmpty(groups: MessagePart[][]): MessagePart[] | undefined {
  for (let i = groups.length - 1; i >= 0; i--) if (groups[i]!.length > 0) return groups[i];
  return undefined;
}
