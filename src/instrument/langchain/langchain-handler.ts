/**
 * The callback handler agent-otel adds to every LangChain run. It has the
 * shape LangChain checks for (`name`, `awaitHandlers`, `copy`) without
 * extending BaseCallbackHandler, so that no LangChain code is imported here.
 * `awaitHandlers` makes LangChain call it in line, in the run's own async
 * context (a run started inside another SDK's traced run nests under it) and
 * at the run's own times. Nothing it does may reach the agent: every callback
 * catches, and reports through the telemetry.
 */
import { rejectCall } from '../../live/agent-telemetry.js';
import type { TelemetrySource } from '../sdk-hook.js';
import { warnOnce } from '../sdk-warnings.js';
import { RunTracker } from './run-tracker.js';

export const HANDLER_NAME = 'agent_otel';

export class LangChainHandler {
  readonly name = HANDLER_NAME;
  readonly awaitHandlers = true;
  readonly raiseError = false;
  readonly ignoreLLM = false;
  readonly ignoreChain = false;
  readonly ignoreAgent = false;
  readonly ignoreRetriever = false;
  readonly ignoreCustomEvent = true;
  readonly tracker: RunTracker;

  constructor(private telemetry: TelemetrySource) {
    this.tracker = new RunTracker(telemetry);
  }

  useTelemetry(telemetry: TelemetrySource): void {
    this.telemetry = telemetry;
    this.tracker.useTelemetry(telemetry);
  }

  /** LangChain copies handlers for child runs; one handler keeps every run's state. */
  copy(): this {
    return this;
  }

  handleChainStart(chain: unknown, _inputs: unknown, runId: string, parentRunId?: string, _tags?: unknown, _metadata?: unknown, _runType?: unknown, runName?: unknown): void {
    this.quietly('handleChainStart', () => this.tracker.chainStart(chain, runId, parentRunId, runName));
  }

  handleChainEnd(_outputs: unknown, runId: string): void {
    this.quietly('handleChainEnd', () => this.tracker.chainEnd(runId));
  }

  handleChainError(error: unknown, runId: string): void {
    this.quietly('handleChainError', () => this.tracker.chainError(error, runId));
  }

  handleChatModelStart(llm: unknown, messages: unknown, runId: string, parentRunId?: string, extraParams?: unknown, _tags?: unknown, metadata?: unknown, runName?: unknown): void {
    this.quietly('handleChatModelStart', () => this.tracker.modelStart(llm, Array.isArray(messages) ? messages[0] : undefined, runId, parentRunId, extraParams, metadata, runName));
  }

  handleLLMStart(llm: unknown, prompts: unknown, runId: string, parentRunId?: string, extraParams?: unknown, _tags?: unknown, metadata?: unknown, runName?: unknown): void {
    this.quietly('handleLLMStart', () => this.tracker.modelStart(llm, Array.isArray(prompts) ? prompts : [], runId, parentRunId, extraParams, metadata, runName));
  }

  handleLLMNewToken(_token: unknown, _index: unknown, runId: string): void {
    this.quietly('handleLLMNewToken', () => this.tracker.modelToken(runId));
  }

  handleLLMEnd(output: unknown, runId: string): void {
    this.quietly('handleLLMEnd', () => this.tracker.modelEnd(output, runId));
  }

  handleLLMError(error: unknown, runId: string): void {
    this.quietly('handleLLMError', () => this.tracker.modelError(error, runId));
  }

  handleToolStart(tool: unknown, input: unknown, runId: string, parentRunId?: string, _tags?: unknown, _metadata?: unknown, runName?: unknown, toolCallId?: unknown): void {
    this.quietly('handleToolStart', () => this.tracker.toolStart(tool, input, runId, parentRunId, runName, toolCallId));
  }

  handleToolEnd(output: unknown, runId: string): void {
    this.quietly('handleToolEnd', () => this.tracker.toolEnd(output, runId));
  }

  handleToolError(error: unknown, runId: string): void {
    this.quietly('handleToolError', () => this.tracker.toolError(error, runId));
  }

  handleRetrieverStart(_retriever: unknown, _query: unknown, runId: string, parentRunId?: string): void {
    this.quietly('handleRetrieverStart', () => this.tracker.passThroughStart(runId, parentRunId));
  }

  handleRetrieverEnd(_documents: unknown, runId: string): void {
    this.quietly('handleRetrieverEnd', () => this.tracker.passThroughEnd(runId));
  }

  handleRetrieverError(_error: unknown, runId: string): void {
    this.quietly('handleRetrieverError', () => this.tracker.passThroughEnd(runId));
  }

  private quietly(where: string, record: () => void): void {
    try {
      record();
    } catch (error) {
      const reason = `langchain ${where}: ${error instanceof Error ? error.message : 'failed'}; not recorded`;
      try {
        rejectCall(this.telemetry(), reason);
      } catch {
        warnOnce(`langchain:${where}`, reason);
      }
    }
  }
}
