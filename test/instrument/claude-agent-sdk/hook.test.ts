import * as sdk from '@anthropic-ai/claude-agent-sdk';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { claudeAgentSdkHook } from '../../../src/instrument/claude-agent-sdk/claude-agent-sdk-hook.js';
import { instrument } from '../../../src/instrument/instrument.js';
import { knownVersion } from '../../../src/instrument/known-version.js';
import { isTraced } from '../../../src/instrument/traced-exports.js';
import { byOp, collect, fakeOptions, streamMessages, tracedSdk } from './recorded-runs.js';

describe('Claude Agent SDK hook', () => {
  it('keeps the SDK\'s own types: query takes and returns what the SDK\'s does', () => {
    const traced = tracedSdk();
    expectTypeOf(traced.sdk.query).toEqualTypeOf<typeof sdk.query>();
    expectTypeOf(traced.sdk).toEqualTypeOf<typeof sdk>();
    expect(isTraced(traced.sdk.query)).toBe(true);
    expect(isTraced(sdk.query)).toBe(false);
  });

  it('recognizes the SDK\'s module and no other', () => {
    expect(claudeAgentSdkHook.recognizes(sdk as unknown as Record<string, unknown>)).toBe(true);
    expect(claudeAgentSdkHook.recognizes({ query: () => undefined })).toBe(false);
    expect(claudeAgentSdkHook.recognizes({})).toBe(false);
  });

  it('knows the installed version and leaves a later major alone', () => {
    expect(knownVersion(claudeAgentSdkHook, '0.3.337')).toBe(true);
    expect(knownVersion(claudeAgentSdkHook, '1.0.0')).toBe(false);
  });

  it('returns the SDK\'s own Query: same class, same methods, the very messages its iteration yields', async () => {
    const traced = tracedSdk();
    const first = traced.sdk.query({ prompt: 'Why?', options: fakeOptions('tool-run') });
    const proto = Object.getPrototypeOf(first) as { next: (...args: unknown[]) => Promise<IteratorResult<unknown>> };
    expect(first.setPermissionMode).toBe((proto as unknown as sdk.Query).setPermissionMode);
    expect(first.supportedModels).toBe((proto as unknown as sdk.Query).supportedModels);
    await collect(first);

    // The SDK's own next(), spied on: what it yields is what the caller gets, object for object.
    const own = proto.next;
    const yielded: unknown[] = [];
    proto.next = async function (this: unknown, ...args: unknown[]) {
      const result = await own.apply(this, args);
      if (result.done !== true) yielded.push(result.value);
      return result;
    };
    try {
      const second = traced.sdk.query({ prompt: 'Why?', options: fakeOptions('tool-run') });
      expect(Object.getPrototypeOf(second)).toBe(proto);
      const got = await collect(second);
      expect(got).toHaveLength(streamMessages('tool-run').length);
      expect(got.every((message, i) => message === yielded[i])).toBe(true);
    } finally {
      proto.next = own;
    }
  });

  it('traces each run once when the SDK is instrumented twice', async () => {
    const traced = tracedSdk();
    const twice = instrument(traced.sdk, { telemetry: traced.telemetry });
    expect(twice.query).toBe(traced.sdk.query);
    await collect(twice.query({ prompt: 'Why?', options: fakeOptions('tool-run') }));
    const roots = byOp(await traced.spans(), 'invoke_agent').filter((s) => s.attributes['gen_ai.agent.name'] === 'claude-code');
    expect(roots).toHaveLength(1);
  });

  it('never breaks the agent when recording fails: the caller gets every message', async () => {
    const traced = tracedSdk();
    traced.telemetry.startSession = () => {
      throw new Error('recording is broken');
    };
    const messages = await collect(traced.sdk.query({ prompt: 'Why?', options: fakeOptions('tool-run') }));
    expect(messages).toEqual(streamMessages('tool-run'));
    expect(await traced.spans()).toEqual([]);
  });
});
