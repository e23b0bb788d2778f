import type { Adapter, FormatName } from '../../../src/adapters/adapter.js';
import { adapterFor } from '../../../src/adapters/registry.js';

/** A built-in adapter that counts the units it is asked to read; passed as a user adapter, it is tried first. */
export function countingAdapter(format: FormatName): { adapter: Adapter; reads: string[] } {
  const inner = adapterFor(format);
  if (!inner) throw new Error(`no built-in adapter for ${format}`);
  const reads: string[] = [];
  const adapter: Adapter = {
    format: inner.format,
    agent: inner.agent,
    description: inner.description,
    detect: (probe) => inner.detect(probe),
    ...(inner.plan ? { plan: (files, warn) => inner.plan!(files, warn) } : {}),
    read: (unit, ctx) => {
      reads.push(unit.label);
      return inner.read(unit, ctx);
    },
  };
  return { adapter, reads };
}
