/**
 * How a LangChain or LangGraph run ended when it did not return: cancelled
 * (an AbortSignal), paused or handed off by LangGraph (its "bubble up"
 * errors: `interrupt()`, a Command to the parent graph, a drain), or failed.
 */
import { isRecord } from './lc-values.js';

export type RunStop = 'cancelled' | 'interrupt' | 'handoff' | 'error';

export function runStop(error: unknown): RunStop {
  if (!isRecord(error) && !(error instanceof Error)) return 'error';
  const name = (error as { name?: unknown }).name;
  if (name === 'AbortError') return 'cancelled';
  // LangGraph's loop rejects with Error('Abort') when the run's signal (or its timeout) fires.
  if (name === 'Error' && (error as { message?: unknown }).message === 'Abort') return 'cancelled';
  if (name === 'ParentCommand') return 'handoff';
  if ((error as { is_bubble_up?: unknown }).is_bubble_up === true) return 'interrupt';
  return 'error';
}
