import type { AgentEvent, ModelCallEvent } from '../model/events.js';
import { contentSize, type ContentPolicy } from './content.js';
import { keptValue, type ContentItem, type MessagePart, type MessageRole } from './message-parts.js';

/** What one chat span (or, at the end, the session's root) says of the conversation. */
export interface ChatTurn {
  /** What the session recorded since the previous chat span: prompts, tool results, earlier assistant text. */
  input: ContentItem[];
  /** The response: its text, reasoning and tool calls. */
  output: ContentItem[];
  /** System messages recorded since the previous chat span. */
  system: ContentItem[];
}

export interface ChatContentOptions {
  /** With capture on, the parts' content is kept (redacted, cut to the length limit); otherwise sizes only. */
  policy: ContentPolicy;
  /** Responses whose parts may wait for their chat span. */
  pendingResponses: number;
  /** Items kept per list; older ones are counted as dropped. */
  maxItems: number;
}

/**
 * The conversation of one session, cut into chat turns. Input items wait
 * for the next chat span; output items with a response id wait for that
 * response's chat span, those without one for the next chat span. An
 * assistant item without a response id that is followed by new input before
 * any chat span becomes input history instead. A tool's result is never input
 * of the response that asked for the call: it waits for a later one. Parts
 * naming a response whose chat span is already written are not placed
 * (adapters emit a response's parts before its `model.call`).
 */
export class ChatContent {
  private input: ContentItem[] = [];
  private system: ContentItem[] = [];
  private output: ContentItem[] = [];
  private readonly byResponse = new Map<string, ContentItem[]>();
  /** Open tool calls: the response that asked for each. */
  private readonly askedBy = new Map<string, string | undefined>();
  /** Items left out: past the list limits, or naming a response already written. */
  unplaced = 0;

  constructor(private readonly options: ChatContentOptions) {}

  /** Takes what an event says of the conversation; `written` tells responses whose chat span is out. */
  add(event: AgentEvent, written: (responseId: string) => boolean): void {
    switch (event.type) {
      case 'message':
        if (event.role === 'assistant') {
          if (event.content !== undefined) this.route(this.item('assistant', { type: 'text', content: event.content }, event.content), event.responseId, written);
          for (const call of event.toolCalls ?? []) this.route(this.callItem(call.callId, call.name, call.input), event.responseId, written);
        } else if (event.content !== undefined) {
          const item = this.item(event.role, { type: 'text', content: event.content }, event.content);
          if (event.role === 'system') this.push(this.system, item);
          else this.addInput(item);
        }
        return;
      case 'reasoning':
        if (event.content !== undefined) this.route(this.item('assistant', { type: 'reasoning', content: event.content }, event.content), event.responseId, written);
        return;
      case 'tool.call':
        this.askedBy.set(event.callId, event.responseId);
        this.route(this.callItem(event.callId, event.name, event.input), event.responseId, written);
        return;
      case 'tool.result': {
        const response = event.output ?? event.error;
        const item = this.item('tool', { type: 'tool_call_response', id: event.callId, response }, response);
        item.callId = event.callId;
        const asked = this.askedBy.get(event.callId);
        if (asked !== undefined) item.askedBy = asked;
        this.askedBy.delete(event.callId);
        this.addInput(item);
        return;
      }
      default:
    }
  }

  /** The turn of the response `event` ends: its output, and the input it was sent. */
  take(event: ModelCallEvent, written: (responseId: string) => boolean): ChatTurn {
    const responseId = event.responseId;
    const output = [...(responseId !== undefined ? this.byResponse.get(responseId) ?? [] : []), ...this.output];
    if (responseId !== undefined) this.byResponse.delete(responseId);
    this.output = [];
    if (event.content !== undefined) output.push(this.item('assistant', { type: 'text', content: event.content }, event.content));
    const own = new Set(output.flatMap((i) => (i.callId !== undefined ? [i.callId] : [])));
    const input: ContentItem[] = [];
    const waiting: ContentItem[] = [];
    for (const item of this.input) {
      const later =
        item.callId !== undefined &&
        item.role === 'tool' &&
        (own.has(item.callId) || (item.askedBy !== undefined && (item.askedBy === responseId || !written(item.askedBy))));
      (later ? waiting : input).push(item);
    }
    this.input = waiting;
    const system = this.system;
    this.system = [];
    return { input, output: dedupeCalls(output), system };
  }

  /** Everything no chat span took, when the session closes. */
  leftovers(): ChatTurn {
    const output = [...[...this.byResponse.values()].flat(), ...this.output];
    const turn = { input: this.input, output: dedupeCalls(output), system: this.system };
    this.input = [];
    this.output = [];
    this.system = [];
    this.byResponse.clear();
    this.askedBy.clear();
    return turn;
  }

  private item(role: MessageRole, part: MessagePart, source: unknown): ContentItem {
    const item: ContentItem = { role, size: contentSize(source) };
    if (!this.options.policy.capture) return item;
    if (part.type === 'text' || part.type === 'reasoning') {
      const kept = this.options.policy.keep(part.content);
      item.part = { type: part.type, content: kept.text };
      this.note(item, kept);
    } else if (part.type === 'tool_call_response') {
      const kept = keptValue(part.response, this.options.policy);
      item.part = { ...part, response: kept.value };
      this.note(item, kept);
    } else item.part = part;
    return item;
  }

  private callItem(callId: string, name: string, input: unknown): ContentItem {
    const item: ContentItem = { role: 'assistant', size: contentSize(input), callId };
    if (this.options.policy.capture) {
      const kept = input === undefined ? undefined : keptValue(input, this.options.policy);
      item.part = { type: 'tool_call', id: callId, name, ...(kept ? { arguments: kept.value } : {}) };
      if (kept) this.note(item, kept);
    }
    return item;
  }

  private note(item: ContentItem, kept: { cut: number; redactions: number }): void {
    if (kept.cut > 0) item.cut = kept.cut;
    if (kept.redactions > 0) item.redactions = kept.redactions;
  }

  private route(item: ContentItem, responseId: string | undefined, written: (responseId: string) => boolean): void {
    if (responseId === undefined) {
      this.push(this.output, item);
      return;
    }
    if (written(responseId)) {
      this.unplaced++;
      return;
    }
    let list = this.byResponse.get(responseId);
    if (!list) {
      if (this.byResponse.size >= this.options.pendingResponses) {
        const [oldest] = this.byResponse.keys();
        if (oldest !== undefined) {
          this.unplaced += this.byResponse.get(oldest)?.length ?? 0;
          this.byResponse.delete(oldest);
        }
      }
      list = [];
      this.byResponse.set(responseId, list);
    }
    this.push(list, item);
  }

  /** New input: assistant items still waiting without a response id were history the model saw. */
  private addInput(item: ContentItem): void {
    for (const earlier of this.output) this.push(this.input, earlier);
    this.output = [];
    this.push(this.input, item);
  }

  private push(list: ContentItem[], item: ContentItem): void {
    if (list.length >= this.options.maxItems) {
      list.shift();
      this.unplaced++;
    }
    list.push(item);
  }
}

/** A tool call named twice for one response (by its message and by its own event) is one part. */
function dedupeCalls(items: ContentItem[]): ContentItem[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    if (i.callId === undefined || i.role !== 'assistant') return true;
    if (seen.has(i.callId)) return false;
    seen.add(i.callId);
    return true;
  });
}
