import { describe, expect, it } from 'vitest';
import { SyntheticToolIds } from '../../src/adapters/synthetic-tool-ids.js';

type Step = ['call' | 'result', string];

function replay(steps: Step[]): string[] {
  const ids = new SyntheticToolIds();
  return steps.map(([op, name]) => (op === 'call' ? ids.call(name) : ids.result(name).callId));
}

describe('SyntheticToolIds', () => {
  it.each<{ name: string; steps: Step[]; ids: string[] }>([
    { name: 'numbers calls per tool name', steps: [['call', 'bash'], ['call', 'read'], ['call', 'bash']], ids: ['bash#0', 'read#0', 'bash#1'] },
    {
      name: 'pairs results first in, first out per name',
      steps: [['call', 'bash'], ['call', 'bash'], ['result', 'bash'], ['result', 'bash']],
      ids: ['bash#0', 'bash#1', 'bash#0', 'bash#1'],
    },
    {
      name: 'interleaved names do not mix',
      steps: [['call', 'grep'], ['call', 'read'], ['result', 'read'], ['result', 'grep']],
      ids: ['grep#0', 'read#0', 'read#0', 'grep#0'],
    },
    { name: 'a result without a call gets a fresh number', steps: [['result', 'fetch'], ['call', 'fetch']], ids: ['fetch#0', 'fetch#1'] },
  ])('$name', ({ steps, ids }) => {
    expect(replay(steps)).toEqual(ids);
    // Stable: the same steps give the same ids again.
    expect(replay(steps)).toEqual(ids);
  });

  it('says whether a result found its call', () => {
    const ids = new SyntheticToolIds();
    ids.call('x');
    expect(ids.result('x')).toEqual({ callId: 'x#0', paired: true });
    expect(ids.result('x')).toEqual({ callId: 'x#1', paired: false });
  });
});
