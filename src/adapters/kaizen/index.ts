import type { Adapter } from '../adapter.js';
import { detectKaizen } from './detect.js';
import { planKaizen, type KaizenHints } from './plan.js';
import { readKaizen } from './read.js';

/**
 * kaizen: `<session_id>/events.jsonl` plus `<session_id>/session.json` (an
 * assumed layout: the seed defines the records, not the files). The service
 * name is the agent kaizen watched, from the session record.
 */
export const kaizenAdapter: Adapter<KaizenHints> = {
  format: 'kaizen',
  agent: 'kaizen',
  description: 'kaizen event logs (<session>/events.jsonl + <session>/session.json)',
  detect: detectKaizen,
  plan: planKaizen,
  read: readKaizen,
};
