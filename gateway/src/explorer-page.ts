import type { RouteHandler } from '@cityhub/kit';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { sendAsset, staticAsset, type StaticAsset } from './static-asset.js';

/**
 * The explorer (GraphiQL) with all its scripts inlined, so that it works on a closed city network
 * with no CDN. Rendered and compressed once, on the first visit (9 MB of HTML, 1.9 MB in brotli);
 * as everything is inlined there is no immutable part to cache apart, so the page is revalidated by
 * ETag (a 304 on reload). `defaultHeaders` pre-fills the request headers (a development token);
 * x-purpose is always shown, empty, because a purpose must be stated by the person who reads.
 */
export function explorerPage(defaultHeaders?: Record<string, string>): RouteHandler {
  let page: Promise<StaticAsset> | undefined;
  return async (req, res) => {
    page ??= staticAsset(
      renderGraphiQL({
        title: 'City Data Hub',
        endpoint: '/graphql',
        defaultQuery: EXAMPLE_QUERY,
        headers: JSON.stringify({ ...defaultHeaders, 'x-purpose': '' }, null, 2),
      }),
      'text/html; charset=utf-8',
      'no-cache',
    );
    sendAsset(req, res, await page);
  };
}

const EXAMPLE_QUERY = `# City Data Hub: one API over the city's departmental data.
# Personal data (names, ID numbers, health codes) are shown raw only with the scope pii:read
# and a stated purpose: write its code in the x-purpose header (Headers tab below; the
# "purposes" query lists the codes, e.g. health-code-check), any words of your own
# percent-encoded in x-purpose-note; both are recorded in the audit log with every read.
# Xuhui district: its 13 streets and towns, and their communities.
query XuhuiStreets {
  district(code: "310104") {
    name
    residentCount
    streets {
      code
      name
      residentCount
      healthCodeCounts { green yellow red }
      communities(first: 3) { totalCount edges { node { code name residentCount } } }
    }
  }
}
`;
