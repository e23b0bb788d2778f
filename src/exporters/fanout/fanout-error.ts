import { ExportFailedError } from '../../core/errors.js';

export interface LegFailure {
  leg: string;
  error: Error;
}

/** One or more legs of a FanoutExporter failed; `failures` says which and why. */
export class FanoutExportError extends ExportFailedError {
  constructor(
    action: string,
    readonly failures: readonly LegFailure[],
    legCount: number,
  ) {
    const detail = failures.map(({ leg, error }) => `${leg}: ${error.message}`).join('; ');
    super(`${action} failed on ${failures.length} of ${legCount} leg(s): ${detail}`, undefined, { cause: failures[0]?.error });
  }

  /** Names of the failing legs. */
  get legs(): string[] {
    return this.failures.map((failure) => failure.leg);
  }
}
