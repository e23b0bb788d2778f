import type { AgentEvent } from '../../model/events.js';

/**
 * Puts each response's `model.call` after the items the response produced,
 * so that its chat span takes them as its output. Codex writes the
 * `token_count` of a response after its items in newer versions, before them
 * in older ones (0.47: usage, then reasoning and calls with the same time).
 * A `token_count` with new totals that comes while the response's items are
 * already there goes out at once; one that comes first waits until the next
 * input (a user message, a tool output, a turn record), the next response, or
 * the end of the file.
 */
export class ResponseOrder {
  private outputsSinceInput = false;
  private held: AgentEvent | undefined;

  /** The model produced an item (assistant text, reasoning, a tool call). */
  output(): void {
    this.outputsSinceInput = true;
  }

  /** Input for the next request arrived: a call waiting for its items goes out first. */
  input(emit: (event: AgentEvent) => void): void {
    this.release(emit);
    this.outputsSinceInput = false;
  }

  /** A response's `model.call`. */
  place(call: AgentEvent, emit: (event: AgentEvent) => void): void {
    this.release(emit);
    if (this.outputsSinceInput) {
      this.outputsSinceInput = false;
      emit(call);
    } else this.held = call;
  }

  release(emit: (event: AgentEvent) => void): void {
    const held = this.held;
    this.held = undefined;
    if (held) emit(held);
  }
}
