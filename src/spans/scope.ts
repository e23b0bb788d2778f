import type { InstrumentationScope } from '@opentelemetry/core';
import { VERSION } from '../core/version.js';
import { SCHEMA_URL } from './semconv.js';

/** The instrumentation scope of every span agent-otel makes. */
export const SCOPE: InstrumentationScope = { name: 'agent-otel', version: VERSION, schemaUrl: SCHEMA_URL };
