import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_USAGE_COST,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_USAGE_COST_UNPRICED,
  GEN_AI_OPERATION_CHAT,
  PREFIX_USAGE_SUBTREE,
} from '../spans/semconv.js';
import { numberValue as num, type TraceAttributes } from '../traces/trace-span.js';

/**
 * The tokens and cost a row of the trace page shows: a chat span's own
 * (`gen_ai.usage.*`, `gen_ai.usage.cost`), or the roll-up of everything below
 * an agent span or a tool span that launched subagents
 * (`agent_otel.usage.subtree.*`). Other spans show none.
 */
export interface RowFigures {
  input?: number;
  output?: number;
  /** USD. */
  cost?: number;
  /** The call (or, for a roll-up, some call below) has tokens and no known price. */
  unpriced?: boolean;
  /** The figures add up the subtree rather than belong to the span itself. */
  rollup?: boolean;
}

function defined(figures: RowFigures): RowFigures | undefined {
  const kept = Object.fromEntries(Object.entries(figures).filter(([, v]) => v !== undefined && v !== false)) as RowFigures;
  return kept.input !== undefined || kept.output !== undefined || kept.cost !== undefined || kept.unpriced ? kept : undefined;
}

export function isChat(attributes: TraceAttributes): boolean {
  return attributes[ATTR_GEN_AI_OPERATION_NAME] === GEN_AI_OPERATION_CHAT;
}

/** A span's figures, or undefined when it has none to show. */
export function rowFigures(attributes: TraceAttributes): RowFigures | undefined {
  if (isChat(attributes)) {
    return defined({
      input: num(attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]),
      output: num(attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]),
      cost: num(attributes[ATTR_GEN_AI_USAGE_COST]),
      unpriced: attributes[ATTR_USAGE_COST_UNPRICED] === true,
    });
  }
  const subtree = (suffix: string): number | undefined => num(attributes[`${PREFIX_USAGE_SUBTREE}${suffix}`]);
  const figures = defined({
    input: subtree('input_tokens'),
    output: subtree('output_tokens'),
    cost: subtree('cost'),
    unpriced: (subtree('unpriced_calls') ?? 0) > 0,
  });
  return figures ? { ...figures, rollup: true } : undefined;
}
