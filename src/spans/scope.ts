import type { InstrumentationScope } from '@opentelemetry/core';
import { VERSION } from '../core/version.js';

/** The instrumentation scope of every span agent-otel makes. */
export const SCOPE: InstrumentationScope = { name: 'agent-otel', version: VERSION };
