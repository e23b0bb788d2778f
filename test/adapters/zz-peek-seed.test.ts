import { it } from 'vitest';
import { collectEvents } from '../support/collect-events.js';
import { codetetherAdapter } from '../../src/adapters/codetether/index.js';
it('peek', async () => {
  const r = await collectEvents(codetetherAdapter, [process.env.PEEK!]);
  for (const e of r.events) { const { sessionId, source, ...rest } = e as any; console.log(source?.line, JSON.stringify(rest).slice(0, 260)); }
  console.log(JSON.stringify(r.warnings, null, 1), r.units);
});
