import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

type Answer = { status: number; headers: Record<string, string>; body: string };
export type Serve = (method: string, url: string, headers: Record<string, string>, body?: string) => Promise<Answer>;

/**
 * A host served for real, over TLS on 127.0.0.1, for what context.route cannot reach: Chromium's
 * identity.launchWebAuthFlow loads its URL in a WebContents of its own, which is no DevTools target
 * until (and unless) it is shown, so Playwright neither sees nor routes its requests (the load fails
 * with "Authorization page could not be loaded."). The browser is pointed here with the `args`
 * (--host-resolver-rules for the host, --ignore-certificate-errors for the self-signed certificate,
 * made with openssl). Requests Playwright does see (pages, the worker) still go to its routes first.
 */
export class TlsHost {
  private constructor(
    private readonly server: Server,
    readonly args: string[],
  ) {}

  static async start(origin: string, serve: Serve): Promise<TlsHost> {
    const host = new URL(origin).hostname;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'qr-tls-'));
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        `/CN=${host}`,
        '-addext',
        `subjectAltName=DNS:${host}`,
      ],
      { stdio: 'ignore' },
    );
    const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined;
        const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
        serve(request.method ?? 'GET', `${origin}${request.url ?? '/'}`, headers, body).then(
          (answer) => response.writeHead(answer.status, answer.headers).end(answer.body),
          (error: unknown) => response.writeHead(500).end(String(error)),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new TlsHost(server, [`--host-resolver-rules=MAP ${host} 127.0.0.1:${port}`, '--ignore-certificate-errors']);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
