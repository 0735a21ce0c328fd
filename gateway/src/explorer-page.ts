import type { RouteHandler } from '@cityhub/kit';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

/**
 * The explorer (GraphiQL) with all its scripts inlined, so that it works on a closed city network
 * with no CDN. Rendered once; `defaultHeaders` pre-fills the request headers (a development token).
 */
export function explorerPage(defaultHeaders?: Record<string, string>): RouteHandler {
  let html: string | undefined;
  return (_req, res) => {
    html ??= renderGraphiQL({
      title: 'City Data Hub',
      endpoint: '/graphql',
      defaultQuery: EXAMPLE_QUERY,
      ...(defaultHeaders ? { headers: JSON.stringify(defaultHeaders, null, 2) } : {}),
    });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(html);
  };
}

const EXAMPLE_QUERY = `# City Data Hub: one API over the city's departmental data.
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
