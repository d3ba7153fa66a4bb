import { open, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FetchError, type FeedSource, type FetchRequest, type FetchResult } from './feed-source.js';

/**
 * Reads feeds from local files (the demo, tests, an operator's mirror). The file's size and
 * modification time stand in for an ETag, so an unchanged file is "not modified".
 */
export class FileFeedSource implements FeedSource {
  constructor(private readonly maxBodyBytes: number) {}

  async fetch(req: FetchRequest): Promise<FetchResult> {
    let path: string;
    try {
      path = fileURLToPath(req.url);
    } catch {
      throw new FetchError('bad-url', `"${req.url}" is not a file URL`);
    }
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new FetchError('bad-url', `${path} is not a file`);
      const etag = `"${info.size.toString(16)}-${Math.trunc(info.mtimeMs).toString(16)}"`;
      const answer = { finalUrl: req.url, status: 200 };
      if (req.etag === etag) return { kind: 'not-modified', ...answer, status: 304 };
      if (info.size > this.maxBodyBytes) {
        throw new FetchError('too-large', `${path} is ${info.size} bytes, over the ${this.maxBodyBytes}-byte limit`);
      }
      const handle = await open(path, 'r');
      try {
        const body = await handle.readFile();
        return { kind: 'body', ...answer, body, etag };
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (error instanceof FetchError) throw error;
      const code = (error as { code?: string }).code;
      if (code === 'ENOENT') throw new FetchError('network', `no such file: ${path}`, { cause: error });
      throw new FetchError('network', `cannot read ${path}: ${code ?? String(error)}`, { cause: error });
    }
  }
}
