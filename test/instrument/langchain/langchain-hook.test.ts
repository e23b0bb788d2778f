import * as callbacksManager from '@langchain/core/callbacks/manager';
import * as messages from '@langchain/core/messages';
import * as runnables from '@langchain/core/runnables';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { langChainHook } from '../../../src/instrument/langchain/langchain-hook.js';
import { withinRun } from '../../../src/instrument/run-context.js';
import type { ModuleExports } from '../../../src/instrument/sdk-hook.js';
import { response, ScriptedChatModel } from './scripted-chat-model.js';
import { byResponse, ofOperation, parentOf, traceOf, useTracedLangChain } from './traced-langchain.js';

const oneAnswer = (id: string) => createReactAgent({ llm: new ScriptedChatModel([response({ id, text: 'ok', usage: { input: 5, output: 1 } })]), tools: [], name: 'helper' });

describe('LangChain hook', () => {
  const traced = useTracedLangChain();

  it('recognizes the entry points that hold CallbackManager, and no other module', () => {
    expect(langChainHook.recognizes(callbacksManager as unknown as ModuleExports)).toBe(true);
    expect(langChainHook.recognizes(runnables as unknown as ModuleExports)).toBe(true);
    expect(langChainHook.recognizes(messages as unknown as ModuleExports)).toBe(false);
    expect(langChainHook.recognizes({ CallbackManager: class {} })).toBe(false);
  });

  it('knows the installed @langchain/core 1.x and leaves 0.x and 2.x alone', () => {
    expect(semver.satisfies('1.4.0', langChainHook.versions)).toBe(true);
    expect(semver.satisfies('0.3.72', langChainHook.versions)).toBe(false);
    expect(semver.satisfies('2.0.0', langChainHook.versions)).toBe(false);
  });

  it('changes the module in place (the class is shared by every entry point) and returns it', () => {
    const { telemetry } = traced();
    expect(langChainHook.patch(callbacksManager as unknown as ModuleExports, () => telemetry, '@langchain/core/callbacks/manager')).toBe(callbacksManager);
  });

  it('a run started inside another traced run (withinRun) is a subagent under its tool call', async () => {
    const { telemetry, spans } = traced();
    const outer = telemetry.startSession({ agent: 'outer-agent', sessionId: 'outer-1' });
    const call = outer.startToolCall('delegate', { task: 'x' }, { callId: 'call-outer' });
    await withinRun({ session: outer, agent: 'outer-agent', toolCallId: 'call-outer' }, () => oneAnswer('nested-resp').invoke({ messages: [{ role: 'user', content: 'x' }] }));
    call.end({ success: true });
    outer.end();
    const all = await spans();
    const tool = all.find((s) => s.attributes['gen_ai.tool.call.id'] === 'call-outer')!;
    const sub = ofOperation(all, 'invoke_agent').find((s) => s.name === 'invoke_agent helper')!;
    expect(parentOf(all, sub)).toBe(tool);
    expect(traceOf(byResponse(all, 'nested-resp')!)).toBe(traceOf(tool));
  });

  it('a failure inside the tracing never reaches the agent: the run returns its answer, the failure is counted', async () => {
    const { telemetry } = traced();
    telemetry.startSession = () => {
      throw new Error('tracing broke');
    };
    const result = await oneAnswer('unharmed').invoke({ messages: [{ role: 'user', content: 'x' }] });
    expect(result.messages.at(-1)?.content).toBe('ok');
    expect(telemetry.stats().rejected).toBeGreaterThan(0);
    expect(telemetry.stats().lastError).toContain('tracing broke');
  });
});
