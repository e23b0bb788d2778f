import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { afterEach } from 'vitest';

/** Captures everything the OpenTelemetry diag logger says during a test, at every level. */
export function useDiagCapture(): () => string[] {
  const messages: string[] = [];
  afterEach(() => {
    diag.disable();
    messages.length = 0;
  });
  return () => {
    const record =
      (level: string) =>
      (message: string, ...args: unknown[]): void => {
        messages.push(`${level} ${message} ${args.map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : safeJson(arg))).join(' ')}`);
      };
    const logger: DiagLogger = {
      error: record('error'),
      warn: record('warn'),
      info: record('info'),
      debug: record('debug'),
      verbose: record('verbose'),
    };
    diag.setLogger(logger, { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true });
    return messages;
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
