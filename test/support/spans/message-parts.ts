/**
 * A part of a message in `gen_ai.input.messages` / `gen_ai.output.messages` as the tests read it back
 * (plain JSON, typed loosely on purpose: the tests check the shapes the conventions define).
 */
export interface MessagePart {
  type: string;
  content?: string;
  id?: string;
  name?: string;
  arguments?: unknown;
  response?: unknown;
}
