import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { RouteHandler } from '@cityhub/kit';
import { sendAsset, staticAsset, type StaticAsset } from './static-asset.js';

/** The page's own files, beside src/ and dist/ alike. */
const PAGE = new URL('../screen/', import.meta.url);

/**
 * The operations-centre screen (一屏观天下) and every file it loads, all served by the hub: Apache
 * ECharts comes from node_modules, the map from `District.geojson`, no tiles, fonts or CDN. The
 * policy tells the browser so too: a script or request to anywhere but this gateway is blocked.
 */
const FILES: Record<string, { source: () => URL | string; type: string }> = {
  '/screen': { source: () => new URL('index.html', PAGE), type: 'text/html; charset=utf-8' },
  '/screen/screen.js': {
    source: () => new URL('screen.js', PAGE),
    type: 'text/javascript; charset=utf-8',
  },
  '/screen/trend-panels.js': {
    source: () => new URL('trend-panels.js', PAGE),
    type: 'text/javascript; charset=utf-8',
  },
  '/screen/screen.css': { source: () => new URL('screen.css', PAGE), type: 'text/css' },
  '/screen/echarts.min.js': {
    source: () => createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
};

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  // ECharts sets element styles and draws images as data URLs.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

/** GET routes of the screen; each file is read and compressed once, on its first request. */
export function screenRoutes(): Record<string, RouteHandler> {
  return Object.fromEntries(
    Object.entries(FILES).map(([path, file]) => {
      let asset: Promise<StaticAsset> | undefined;
      const handler: RouteHandler = async (req, res) => {
        // Revalidated by ETag: a new release of the page reaches the wall on its next reload.
        asset ??= readFile(file.source(), 'utf8').then((text) =>
          staticAsset(text, file.type, 'no-cache'),
        );
        res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
        res.setHeader('x-content-type-options', 'nosniff');
        sendAsset(req, res, await asset);
      };
      return [path, handler];
    }),
  );
}
