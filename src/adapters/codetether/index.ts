import type { Adapter } from '../adapter.js';
import { detectCodetether } from './detect.js';
import { planCodetether } from './plan.js';
import { readCodetether } from './read.js';

/**
 * codetether's chat event stream: a folder per session holding rotated JSONL
 * files, read as one stream in the order of their start byte offsets.
 */
export const codetetherAdapter: Adapter = {
  format: 'codetether',
  agent: 'codetether',
  description: 'codetether chat event streams (<session>/<stamp>-chat-events-<start>-<end>.jsonl)',
  detect: detectCodetether,
  plan: planCodetether,
  read: readCodetether,
};
