import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeTraceRequest } from '../spans/otlp-proto.js';
import { normalizeTracesData, type NormalizedSpan } from '../spans/otlp-normalize.js';

/** PEM files made for one test run: a CA, a server certificate for 127.0.0.1 and a client certificate it signed, and an unrelated CA. */
export interface TestCertificates {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A CA that signed nothing here: trusting it instead of `ca` must fail. */
  otherCa: string;
  /** A client certificate signed by `otherCa`: the receiver must refuse it. */
  otherClientCert: string;
  otherClientKey: string;
}

function openssl(cwd: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(dir: string, name: string): void {
  openssl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`);
}

function makeSigned(dir: string, ca: string, name: string, ext: string): void {
  writeFileSync(join(dir, `${name}.ext`), ext);
  openssl(dir, 'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
  openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
}

/** Generates the certificates with the `openssl` command into `dir` (a fresh temp folder). */
export function makeTestCertificates(dir: string): TestCertificates {
  makeCa(dir, 'test-ca');
  makeCa(dir, 'other-ca');
  makeSigned(dir, 'test-ca', 'server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  makeSigned(dir, 'test-ca', 'client', 'extendedKeyUsage=clientAuth\n');
  makeSigned(dir, 'other-ca', 'other-client', 'extendedKeyUsage=clientAuth\n');
  const at = (name: string) => join(dir, name);
  return {
    ca: at('test-ca.pem'),
    serverCert: at('server.pem'),
    serverKey: at('server.key'),
    clientCert: at('client.pem'),
    clientKey: at('client.key'),
    otherCa: at('other-ca.pem'),
    otherClientCert: at('other-client.pem'),
    otherClientKey: at('other-client.key'),
  };
}

export interface TlsReceiver {
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  /** Spans of every request received (all answered 200). */
  readonly spans: NormalizedSpan[];
  /** TLS connections refused (no client certificate, or one the CA did not sign). */
  readonly refusedHandshakes: number;
  close(): Promise<void>;
}

/** An OTLP/HTTP receiver over HTTPS on 127.0.0.1 that requires a client certificate signed by `certs.ca`. */
export async function startTlsReceiver(certs: TestCertificates): Promise<TlsReceiver> {
  const spans: NormalizedSpan[] = [];
  let refused = 0;
  const server = createServer(
    { key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), ca: readFileSync(certs.ca), requestCert: true, rejectUnauthorized: true },
    (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks);
        const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        const json = (request.headers['content-type'] ?? '').startsWith('application/json');
        spans.push(...normalizeTracesData(json ? JSON.parse(body.toString('utf8')) : decodeTraceRequest(body)));
        response.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
        response.end(json ? '{}' : undefined);
      });
    },
  );
  server.on('tlsClientError', () => void refused++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    spans,
    get refusedHandshakes() {
      return refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
