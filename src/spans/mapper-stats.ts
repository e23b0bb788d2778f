/** Counts kept by the mapper, reported in the CLI summary and by the live API. */
export class MapperStats {
  sessions = 0;
  failedSessions = 0;
  spans = 0;
  modelCalls = 0;
  toolCalls = 0;
  toolFailures = 0;
  interruptedToolCalls = 0;
  subagents = 0;
  subagentsLinked = 0;
  subagentsUnlinked = 0;

  toJSON(): Record<string, number> {
    return Object.fromEntries(Object.entries(this).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
  }
}
