import { type ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * Many feeds on one loopback HTTP server, for the poll benchmark. By feed number n: n % 100
 * below 5 has new items in every generation, 98 fails with 503 and Retry-After, 99 answers
 * after 1.5 s, and the rest keep their first generation (a 304 to a conditional GET).
 *
 * The server runs in a child process, so that its sockets, buffers and CPU are not counted in
 * the process whose memory and time the benchmark measures (real feeds are remote, too).
 */
const WORDS = 'wuhan chengdu wuxi shanghai beijing shenzhen hangzhou guiyang hefei nanjing operator satellite quantum fibre cable chip robot factory port grid sensor model cloud network summit expo launch trial pilot standard spectrum antenna module tower campus'.split(' ');
const word = (k: number) => WORDS[k % WORDS.length] as string;

export function farmRss(n: number, generation: number): string {
  const items = Array.from({ length: 10 }, (_, i) => {
    const k = n * 31 + generation * 17 + i * 7;
    return `<item><guid>${n}-${generation}-${i}</guid><title>${word(k)} ${word(k + 3)} ${word(k + 11)} ${word(k + 19)} report ${n}-${generation}-${i}</title><link>https://feeds.example/${n}/${generation}/${i}</link><description>Operators in ${word(k + 5)} expanded 5G coverage and ${word(k + 13)} capacity.</description></item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${n}</title>${items.join('')}</channel></rss>`;
}

/** The ETag feed n carries in a generation: what a conditional GET must send to get a 304. */
export function farmEtag(n: number, generation: number): string {
  return `"${n % 100 < 5 ? generation : 0}"`;
}

type FarmOp = { op: 'generation'; value: number } | { op: 'take-served' };
type FarmRequest = FarmOp & { id: number };

export interface FeedFarm {
  port: number;
  /** Moves every changing feed to this generation: new items, a new ETag. */
  setGeneration(generation: number): Promise<void>;
  /** Requests served since the last call (or the start), counting afresh from now. */
  takeServed(): Promise<number>;
  close(): Promise<void>;
}

export async function startFeedFarm(): Promise<FeedFarm> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`the feed farm exited with ${code}`)));
  });
  let nextId = 0;
  const ask = (request: FarmOp) =>
    new Promise<number>((resolve) => {
      const id = (nextId += 1);
      const answer = (message: unknown) => {
        const reply = message as { id: number; value: number };
        if (reply.id !== id) return;
        child.off('message', answer);
        resolve(reply.value);
      };
      child.on('message', answer);
      child.send({ ...request, id });
    });
  return {
    port,
    setGeneration: async (value) => void (await ask({ op: 'generation', value })),
    takeServed: () => ask({ op: 'take-served' }),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function serve(): void {
  let generation = 0;
  let served = 0;
  const server = createServer((req, res) => {
    served += 1;
    const n = Number(/\/f\/(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
    const kind = n % 100;
    if (kind === 98) return void res.writeHead(503, { 'retry-after': '600' }).end();
    const etag = farmEtag(n, generation);
    const reply = () => {
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(farmRss(n, kind < 5 ? generation : 0));
    };
    if (kind === 99) setTimeout(reply, 1_500);
    else reply();
  });
  process.on('message', (message) => {
    const request = message as FarmRequest;
    if (request.op === 'generation') generation = request.value;
    process.send?.({ id: request.id, value: served });
    if (request.op === 'take-served') served = 0;
  });
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
  // The parent going away ends the farm too, even if it never said so.
  process.on('disconnect', () => process.exit(0));
  server.listen(0, '0.0.0.0', () => process.send?.({ port: (server.address() as AddressInfo).port }));
}

if (process.argv[2] === '--serve' && process.argv[1] === fileURLToPath(import.meta.url)) serve();
