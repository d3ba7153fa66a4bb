import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One health check's answer. `detail` is shown to whoever asks: never a secret, a path or a URL. */
export interface CheckResult {
  ok: boolean;
  detail?: string;
}

export type HealthCheck = () => CheckResult | Promise<CheckResult>;

export interface OpsServerOptions {
  port: number;
  /**
   * Default 0.0.0.0 (every interface): in a container a server on 127.0.0.1 is out of reach of
   * the orchestrator's probes and of Prometheus, which connect through the container's own
   * interface. Nothing served here is secret; keep the port off the public internet anyway.
   */
  host?: string;
  metrics: { exposition(): Promise<string>; readonly contentType: string };
  /** Named checks, run side by side on every /healthz; all must pass for a 200. */
  health: Record<string, HealthCheck>;
  /** A check slower than this fails (a locked store must not hang the probe). Default 2 s. */
  checkTimeoutMs?: number;
}

export interface OpsServer {
  readonly port: number;
  close(): Promise<void>;
}

/** GET /metrics (Prometheus text) and GET /healthz (JSON, 200 or 503) for operators, on node:http. */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server = http.createServer((req, res) => {
    answer(req, res, options).catch(() => {
      // The reason is not sent: it might name a file or a URL.
      if (res.headersSent) res.destroy();
      else send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
    });
  });
  server.listen(options.port, options.host ?? '0.0.0.0');
  await once(server, 'listening');
  let closed: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections of a scraper would otherwise hold the close up.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

async function answer(req: IncomingMessage, res: ServerResponse, options: OpsServerOptions): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://ops.invalid').pathname;
  if (path !== '/metrics' && path !== '/healthz') return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
  }
  if (path === '/metrics') return send(res, 200, options.metrics.contentType, await options.metrics.exposition());
  const results = await Promise.all(Object.entries(options.health).map(async ([name, check]) => [name, await run(check, options.checkTimeoutMs ?? 2_000)] as const));
  const failing = results.filter(([, result]) => !result.ok).map(([name]) => name);
  const checks = Object.fromEntries(results.map(([name, result]) => [name, { status: result.ok ? 'ok' : 'fail', ...(result.detail ? { detail: result.detail } : {}) }]));
  const body = failing.length ? { status: 'fail', failing, checks } : { status: 'ok', checks };
  send(res, failing.length ? 503 : 200, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`);
}

/** A check that throws or takes too long fails; its error is not shown (it may hold a secret). */
async function run(check: HealthCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(check), late]);
  } catch {
    return { ok: false, detail: 'the check failed' };
  } finally {
    clearTimeout(timer);
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  // Probes and scrapes want the state now, never a cached one.
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}
