import semver from 'semver';
import type { SdkHook } from './sdk-hook.js';
import { warnOnce } from './sdk-warnings.js';

/**
 * True when the hook understands this version of its SDK. A version it does
 * not know (or cannot read) is left alone, and that is said once.
 */
export function knownVersion(hook: SdkHook, version: string | undefined): boolean {
  if (version !== undefined && semver.satisfies(version, hook.versions, { includePrerelease: true })) return true;
  warnOnce(
    `version:${hook.sdk}@${version ?? '?'}`,
    `${hook.sdk} ${version ?? '(version unknown)'} is not a version agent-otel knows (${hook.versions}); its runs are not traced`,
  );
  return false;
}
