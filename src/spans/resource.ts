import type { Attributes } from '@opentelemetry/api';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { SessionMeta } from '../model/session.js';
import * as sc from './semconv.js';

export interface ResourceOptions {
  /** Overrides `service.name` (the live API's serviceName / OTEL_SERVICE_NAME). */
  serviceName?: string;
  /** Extra attributes (e.g. parsed from OTEL_RESOURCE_ATTRIBUTES); the session's own win. */
  attributes?: Attributes;
  /** Source format tag (`claude-code`, `live`, ...). */
  format?: string;
  /** Cleans free text that may hold secrets (a command line). */
  clean?: (text: string) => string;
}

/** The resource of one session: the agent as the service, plus where it ran. */
export function sessionResource(meta: SessionMeta, options: ResourceOptions = {}): Resource {
  const attrs: Attributes = { ...options.attributes };
  const put = (key: string, value: string | boolean | undefined) => {
    if (value !== undefined && value !== '') attrs[key] = value;
  };
  put(sc.ATTR_SERVICE_NAME, options.serviceName ?? meta.agent);
  put(sc.ATTR_SERVICE_VERSION, meta.agentVersion);
  put(sc.ATTR_HOST_NAME, meta.host);
  put(sc.ATTR_OS_TYPE, meta.os);
  put(sc.ATTR_HOST_ARCH, meta.arch);
  put(sc.ATTR_VCS_REF_HEAD_NAME, meta.git?.branch);
  put(sc.ATTR_VCS_REF_HEAD_REVISION, meta.git?.commit);
  put(sc.ATTR_GIT_END_REVISION, meta.git?.endCommit);
  put(sc.ATTR_GIT_DIRTY, meta.git?.dirty);
  // A repository URL can carry a password or token (https://user:token@host/...).
  put(sc.ATTR_VCS_REPOSITORY_URL_FULL, meta.git?.repository !== undefined && options.clean ? options.clean(meta.git.repository) : meta.git?.repository);
  put(sc.ATTR_CWD, meta.cwd);
  put(sc.ATTR_COMMAND, meta.command !== undefined && options.clean ? options.clean(meta.command) : meta.command);
  put(sc.ATTR_SOURCE_FORMAT, options.format);
  return resourceFromAttributes(attrs, { schemaUrl: sc.SCHEMA_URL });
}
