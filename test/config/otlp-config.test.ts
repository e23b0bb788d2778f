import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveOtlpConfig, type OtlpConfig, type OtlpConfigOptions } from '../../src/config/otlp-config.js';
import { InvalidConfigError } from '../../src/core/errors.js';
import { useDiagCapture } from '../support/isolation/diag-capture.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();
const captureDiag = useDiagCapture();

/** Files named after their role, holding their own name, so a resolved buffer says which file it came from (one folder for the file). */
const pemDir = mkdtempSync(join(tmpdir(), 'agent-otel-pem-'));
afterAll(() => rmSync(pemDir, { recursive: true, force: true }));
function pemFiles(): Record<string, string> {
  const dir = pemDir;
  const files: Record<string, string> = {};
  for (const name of ['option', 'traces', 'general']) {
    for (const kind of ['ca', 'cert', 'key']) {
      const path = join(dir, `${name}-${kind}.pem`);
      writeFileSync(path, `${name}-${kind}`);
      files[`${name}-${kind}`] = path;
    }
  }
  return files;
}

type Setting = (config: OtlpConfig) => unknown;

interface Row {
  name: string;
  option: OtlpConfigOptions;
  suffix: string;
  values: { traces: string; general: string };
  read: Setting;
  expected: { option: unknown; traces: unknown; general: unknown; fallback: unknown };
}

describe('resolveOtlpConfig: option, then OTEL_EXPORTER_OTLP_TRACES_*, then OTEL_EXPORTER_OTLP_*, then the default', () => {
  const files = pemFiles();
  const rows: Row[] = [
    {
      name: 'endpoint',
      option: { url: 'http://option:4318' },
      suffix: 'ENDPOINT',
      values: { traces: 'http://traces:4318/custom/path', general: 'http://general:4318' },
      read: (c) => c.url?.toString(),
      expected: { option: 'http://option:4318/v1/traces', traces: 'http://traces:4318/custom/path', general: 'http://general:4318/v1/traces', fallback: 'http://localhost:4318/v1/traces' },
    },
    {
      name: 'timeout',
      option: { timeoutMillis: 111 },
      suffix: 'TIMEOUT',
      values: { traces: '222', general: '333' },
      read: (c) => c.timeoutMillis,
      expected: { option: 111, traces: 222, general: 333, fallback: 10_000 },
    },
    {
      name: 'compression',
      option: { compression: 'none' },
      suffix: 'COMPRESSION',
      values: { traces: 'gzip', general: 'none' },
      read: (c) => c.compression,
      expected: { option: 'none', traces: 'gzip', general: 'none', fallback: 'none' },
    },
    {
      name: 'protocol',
      option: { protocol: 'http/protobuf' },
      suffix: 'PROTOCOL',
      values: { traces: 'http/json', general: 'http/protobuf' },
      read: (c) => c.protocol,
      expected: { option: 'http/protobuf', traces: 'http/json', general: 'http/protobuf', fallback: 'http/protobuf' },
    },
    {
      name: 'CA certificate',
      option: { certificate: files['option-ca'] },
      suffix: 'CERTIFICATE',
      values: { traces: files['traces-ca']!, general: files['general-ca']! },
      read: (c) => c.tls.ca?.toString(),
      expected: { option: 'option-ca', traces: 'traces-ca', general: 'general-ca', fallback: undefined },
    },
  ];

  it.each(rows)('$name', ({ option, suffix, values, read, expected }) => {
    const traces = `OTEL_EXPORTER_OTLP_TRACES_${suffix}`;
    const general = `OTEL_EXPORTER_OTLP_${suffix}`;
    const defaults = { url: 'http://localhost:4318/v1/traces' };
    const both = { [traces]: values.traces, [general]: values.general };
    expect(read(resolveOtlpConfig(option, both, defaults))).toEqual(expected.option);
    expect(read(resolveOtlpConfig({}, both, defaults))).toEqual(expected.traces);
    expect(read(resolveOtlpConfig({}, { [traces]: '  ', [general]: values.general }, defaults))).toEqual(expected.general);
    expect(read(resolveOtlpConfig({}, {}, defaults))).toEqual(expected.fallback);
  });

  it('headers: the general variable, the traces variable over it key by key, the option over both', () => {
    const env = { OTEL_EXPORTER_OTLP_HEADERS: 'a=general,b=general', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'b=traces,c=traces' };
    expect(resolveOtlpConfig({ headers: { c: 'option' } }, env).headers).toEqual({ a: 'general', b: 'traces', c: 'option' });
  });

  it('client certificate and key: option, then the traces variables, then the general ones', () => {
    const env = {
      OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE: files['traces-cert'],
      OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY: files['traces-key'],
      OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: files['general-cert'],
      OTEL_EXPORTER_OTLP_CLIENT_KEY: files['general-key'],
    };
    const pair = (c: OtlpConfig) => [c.tls.cert?.toString(), c.tls.key?.toString()];
    expect(pair(resolveOtlpConfig({ clientCertificate: files['option-cert'], clientKey: files['option-key'] }, env))).toEqual(['option-cert', 'option-key']);
    expect(pair(resolveOtlpConfig({}, env))).toEqual(['traces-cert', 'traces-key']);
    const general = { OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: files['general-cert'], OTEL_EXPORTER_OTLP_CLIENT_KEY: files['general-key'] };
    expect(pair(resolveOtlpConfig({}, general))).toEqual(['general-cert', 'general-key']);
    expect(pair(resolveOtlpConfig({}, {}))).toEqual([undefined, undefined]);
  });
});

describe('resolveOtlpConfig: environment credentials go only to the environment endpoint', () => {
  const files = pemFiles();
  const env = {
    OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example:4318',
    OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer env-token',
    OTEL_EXPORTER_OTLP_CERTIFICATE: files['general-ca'],
    OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: files['general-cert'],
    OTEL_EXPORTER_OTLP_CLIENT_KEY: files['general-key'],
  };

  it('an option endpoint on another origin gets neither the headers nor the client certificate and key; the CA still applies', () => {
    const config = resolveOtlpConfig({ url: 'https://elsewhere.example:4318', headers: { x: 'option' } }, env);
    expect(config.urlSource).toBe('option');
    expect(config.headers).toEqual({ x: 'option' });
    expect(config.tls).toEqual({ ca: Buffer.from('general-ca') });
  });

  it('the environment endpoint, or an option on its origin, gets them', () => {
    for (const option of [{}, { url: 'https://collector.example:4318/v1/traces' }]) {
      const config = resolveOtlpConfig(option, env);
      expect(config.headers).toEqual({ authorization: 'Bearer env-token' });
      expect(config.tls.cert?.toString()).toBe('general-cert');
      expect(config.tls.key?.toString()).toBe('general-key');
    }
  });

  it('with no endpoint anywhere, the default endpoint gets them (they were configured for it)', () => {
    const { OTEL_EXPORTER_OTLP_ENDPOINT: _unused, ...noEndpoint } = env;
    const config = resolveOtlpConfig({}, noEndpoint, { url: 'http://localhost:4318/v1/traces' });
    expect(config.urlSource).toBe('default');
    expect(config.headers).toEqual({ authorization: 'Bearer env-token' });
  });
});

describe('resolveOtlpConfig: unusable values', () => {
  it('a certificate file that cannot be read names the variable and the path', () => {
    const missing = join(tempDir(), 'missing-ca.pem');
    expect(() => resolveOtlpConfig({}, { OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: missing })).toThrow(InvalidConfigError);
    expect(() => resolveOtlpConfig({}, { OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: missing })).toThrow(
      new RegExp(`OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE names ${missing}, which cannot be read`),
    );
    expect(() => resolveOtlpConfig({ clientKey: missing, clientCertificate: missing }, {})).toThrow(/the clientCertificate option names/);
  });

  it('a client certificate without its key (or the reverse) is refused', () => {
    const files = pemFiles();
    expect(() => resolveOtlpConfig({}, { OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: files['general-cert'] })).toThrow(/give both or neither/);
    expect(() => resolveOtlpConfig({ clientKey: files['option-key'] }, {})).toThrow(/give both or neither/);
  });

  it('an endpoint that is not an http(s) URL is refused without echoing it', () => {
    expect(() => resolveOtlpConfig({ url: 'not a url secret-token' })).toThrow(InvalidConfigError);
    expect(() => resolveOtlpConfig({ url: 'not a url secret-token' })).not.toThrow(/secret-token/);
    expect(() => resolveOtlpConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://x' })).toThrow(/http:\/\/ or https:\/\//);
  });

  it('a bad timeout or compression option throws; bad variables are reported and skipped', () => {
    expect(() => resolveOtlpConfig({ timeoutMillis: 0 })).toThrow(InvalidConfigError);
    expect(() => resolveOtlpConfig({ compression: 'br' as 'gzip' })).toThrow(/"gzip" or "none"/);
    const logs = captureDiag();
    const config = resolveOtlpConfig({}, { OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: 'soon', OTEL_EXPORTER_OTLP_TIMEOUT: '450', OTEL_EXPORTER_OTLP_COMPRESSION: 'br' }, { compression: 'gzip' });
    expect(config.timeoutMillis).toBe(450);
    expect(config.compression).toBe('gzip');
    expect(logs.join('\n')).toMatch(/OTEL_EXPORTER_OTLP_TRACES_TIMEOUT="soon"/);
    expect(logs.join('\n')).toMatch(/COMPRESSION="br"/);
  });

  it('replay-style callers send JSON whatever the protocol variables say', () => {
    expect(resolveOtlpConfig({}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, { jsonOnly: true }).protocol).toBe('http/json');
    expect(() => resolveOtlpConfig({}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(/grpc/);
  });
});
