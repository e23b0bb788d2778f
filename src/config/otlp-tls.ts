import { readFileSync } from 'node:fs';
import { describeError, InvalidConfigError } from '../core/errors.js';

/** PEM files for an https:// collector, as paths (the options and the standard variables name files). */
export interface OtlpTlsFiles {
  /** CA certificate(s) to trust instead of the system's (OTEL_EXPORTER_OTLP_(TRACES_)CERTIFICATE). */
  certificate?: string;
  /** Client certificate for mutual TLS (OTEL_EXPORTER_OTLP_(TRACES_)CLIENT_CERTIFICATE). */
  clientCertificate?: string;
  /** Client private key for mutual TLS (OTEL_EXPORTER_OTLP_(TRACES_)CLIENT_KEY). */
  clientKey?: string;
}

/** The files' contents, as node's TLS options take them. */
export interface OtlpTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** A path and where it came from (an option, or the variable that named it). */
type Source = string | { name: string; value: string } | undefined;

function read(source: Source, option: string): Buffer | undefined {
  if (source === undefined) return undefined;
  const [path, from] = typeof source === 'string' ? [source, `the ${option} option`] : [source.value, source.name];
  try {
    return readFileSync(path);
  } catch (error) {
    throw new InvalidConfigError(`${from} names ${path}, which cannot be read: ${describeError(error)}`, { cause: error });
  }
}

/** Reads the PEM files once; a file that cannot be read is an InvalidConfigError naming its source and path. */
export function readTlsFiles(files: { certificate: Source; clientCertificate: Source; clientKey: Source }): OtlpTls {
  const tls: OtlpTls = {};
  const ca = read(files.certificate, 'certificate');
  const cert = read(files.clientCertificate, 'clientCertificate');
  const key = read(files.clientKey, 'clientKey');
  if (ca) tls.ca = ca;
  if (cert) tls.cert = cert;
  if (key) tls.key = key;
  if ((cert === undefined) !== (key === undefined)) {
    throw new InvalidConfigError('a client certificate and a client key go together: give both or neither');
  }
  return tls;
}
