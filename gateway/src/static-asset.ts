import { createHash } from 'node:crypto';
import type http from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** A response body compressed once (brotli and gzip) and served by ETag. */
export interface StaticAsset {
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
  etag: string;
  contentType: string;
  cacheControl: string;
}

/**
 * Compresses in libuv's thread pool, so that the 9 MB explorer page does not stop the event loop.
 * Brotli quality 6: within 12 % of quality 11's size at a sixtieth of its time.
 */
export async function staticAsset(
  text: string,
  contentType: string,
  cacheControl: string,
): Promise<StaticAsset> {
  const identity = Buffer.from(text);
  const [br, gz] = await Promise.all([
    brotli(identity, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 6,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
    gzip(identity, { level: 6 }),
  ]);
  const etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
  return { identity, br, gzip: gz, etag, contentType, cacheControl };
}

/** Answers with the best encoding the client accepts, or 304 when it already has this version. */
export function sendAsset(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  asset: StaticAsset,
): void {
  const headers: http.OutgoingHttpHeaders = {
    'content-type': asset.contentType,
    'cache-control': asset.cacheControl,
    etag: asset.etag,
    vary: 'accept-encoding',
  };
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim() === asset.etag)) {
    res.writeHead(304, headers);
    return void res.end();
  }
  const accepted = acceptedEncodings(req.headers['accept-encoding']);
  const [encoding, body] = accepted.has('br')
    ? (['br', asset.br] as const)
    : accepted.has('gzip')
      ? (['gzip', asset.gzip] as const)
      : ([null, asset.identity] as const);
  if (encoding) headers['content-encoding'] = encoding;
  headers['content-length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.find((p) => p.trim().startsWith('q='));
    if (name && (!q || Number(q.trim().slice(2)) > 0)) accepted.add(name);
  }
  return accepted;
}
