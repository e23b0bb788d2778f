import { it } from 'vitest';
import { copilotCliAdapter } from '../src/adapters/copilot-cli/index.js';
import { collectEvents } from '../test/support/collect-events.js';
it('dump', async () => {
  const { events, warnings } = await collectEvents(copilotCliAdapter, [process.env.F!]);
  for (const e of events) { const { source, ...r } = e as any; console.log(source?.line, JSON.stringify(r).slice(0, 230)); }
  console.log(warnings);
});
