import type { RawRequest } from './raw-http.js';

/** The hostile requests of the HTTP front's fuzz test, as raw bytes: targets, request lines, headers, bodies, slow clients. */
export const QUERY = JSON.stringify({ query: '{ __typename }' });
export const get = (target: string, headers = '') =>
  `GET ${target} HTTP/1.1\r\nHost: hub\r\n${headers}Connection: close\r\n\r\n`;
export const post = (body: string | Buffer, headers = 'Content-Type: application/json\r\n') =>
  Buffer.concat([
    Buffer.from(
      `POST /graphql HTTP/1.1\r\nHost: hub\r\n${headers}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
      'latin1',
    ),
    Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
  ]);
export const raw = (text: string) => Buffer.from(text, 'latin1');

export const targets = [
  '//%',
  '//[',
  '//a:99999',
  'http://[',
  'http://a:99999/graphql',
  'http://hub/graphql?query={__typename}',
  '//hub/graphql',
  '/%',
  '/%zz',
  '/graphql?query=%',
  '/graphql?query=%zz%%',
  '/graphql?query={__typename}&variables=%7B',
  '/graphql?query={__typename}&extensions=[]',
  '/graphql?query={__typename}&operationName=%00',
  '/graphql?query=' + '{'.repeat(5_000),
  '/' + 'a'.repeat(12_000),
  '*',
  'javascript:alert(1)',
  '/health/../../etc/passwd',
  '/%2e%2e/%2e%2e',
  '/\u00ff\u00fe',
  '?',
  '#',
];

export const requestLines: Array<[string, string | Buffer]> = [
  ['empty line', '\r\n\r\n'],
  ['binary garbage', Buffer.from([0, 1, 2, 3, 255, 254, 13, 10, 13, 10])],
  ['no version', 'GET /graphql\r\n\r\n'],
  ['unknown version', 'GET /graphql HTTP/9.9\r\nHost: hub\r\n\r\n'],
  ['HTTP/1.0', 'GET /health HTTP/1.0\r\n\r\n'],
  ['lower-case method', 'get /graphql HTTP/1.1\r\nHost: hub\r\n\r\n'],
  ['unknown method', 'BREW /graphql HTTP/1.1\r\nHost: hub\r\n\r\n'],
  ['DELETE', 'DELETE /graphql HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n'],
  ['PUT', 'PUT /graphql HTTP/1.1\r\nHost: hub\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'],
  ['PATCH', 'PATCH /graphql HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n'],
  ['TRACE', 'TRACE /graphql HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n'],
  ['HEAD', 'HEAD /graphql HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n'],
  ['HEAD health', 'HEAD /health HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n'],
  ['CONNECT', 'CONNECT hub:443 HTTP/1.1\r\nHost: hub:443\r\n\r\n'],
  ['OPTIONS *', 'OPTIONS * HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n'],
  ['LF only', 'GET /health HTTP/1.1\nHost: hub\nConnection: close\n\n'],
  ['spaces in target', 'GET /graph ql HTTP/1.1\r\nHost: hub\r\n\r\n'],
  ['tab in target', 'GET /graphql\t HTTP/1.1\r\nHost: hub\r\n\r\n'],
  ['NUL in target', 'GET /graphql\u0000 HTTP/1.1\r\nHost: hub\r\n\r\n'],
  ['upgrade to websocket', get('/graphql', 'Upgrade: websocket\r\nConnection: Upgrade\r\n')],
  ['upgrade to h2c', get('/graphql', 'Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n')],
  ['HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
];

export const headers: Array<[string, string | Buffer]> = [
  ['no Host', 'GET /health HTTP/1.1\r\nConnection: close\r\n\r\n'],
  ['two Hosts', get('/health', 'Host: other\r\n')],
  ['header without colon', get('/health', 'Nonsense\r\n')],
  ['empty header name', get('/health', ': value\r\n')],
  ['NUL in header value', get('/health', 'X-Purpose: a\u0000b\r\n')],
  ['CR in header value', get('/health', 'X-Purpose: a\rb\r\n')],
  ['obs-fold', get('/health', 'X-Purpose: a\r\n  folded\r\n')],
  [
    'latin1 bytes in headers',
    raw(
      get(
        '/graphql?query={__typename}',
        'X-Purpose: \u00e9t\u00e9\r\nAuthorization: Bearer \u00ff\r\n',
      ),
    ),
  ],
  ['huge header', get('/health', `X-Big: ${'a'.repeat(70_000)}\r\n`)],
  [
    'many headers',
    get('/health', Array.from({ length: 3_000 }, (_, i) => `X-H${i}: v\r\n`).join('')),
  ],
  ['garbage bearer', get('/graphql?query={__typename}', 'Authorization: Bearer a.b.c\r\n')],
  [
    'long bearer',
    get('/graphql?query={__typename}', `Authorization: Bearer ${'x'.repeat(7_000)}\r\n`),
  ],
  ['basic auth', get('/graphql?query={__typename}', 'Authorization: Basic Zm9vOmJhcg==\r\n')],
  ['api key of NULs', get('/graphql?query={__typename}', 'X-Api-Key: %00%00\r\n')],
  ['odd origin', get('/graphql?query={__typename}', 'Origin: null\r\n')],
  ['odd accept', get('/graphql?query={__typename}', 'Accept: */*;q=abc, text/html;;\r\n')],
  [
    'preflight from a stranger',
    'OPTIONS /graphql HTTP/1.1\r\nHost: hub\r\nOrigin: http://evil\r\nConnection: close\r\n\r\n',
  ],
  [
    'two content-lengths',
    'POST /graphql HTTP/1.1\r\nHost: hub\r\nContent-Length: 2\r\nContent-Length: 20\r\n\r\n{}',
  ],
  [
    'negative content-length',
    'POST /graphql HTTP/1.1\r\nHost: hub\r\nContent-Length: -1\r\n\r\n{}',
  ],
  ['text content-length', 'POST /graphql HTTP/1.1\r\nHost: hub\r\nContent-Length: abc\r\n\r\n{}'],
  [
    'huge content-length',
    'POST /graphql HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999\r\n\r\n{}',
  ],
  [
    'chunked and content-length',
    'POST /graphql HTTP/1.1\r\nHost: hub\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  ],
  [
    'bad chunk size',
    'POST /graphql HTTP/1.1\r\nHost: hub\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n',
  ],
  [
    'unknown transfer-encoding',
    'POST /graphql HTTP/1.1\r\nHost: hub\r\nTransfer-Encoding: gzip\r\n\r\nabc',
  ],
];

export const bodies: Array<[string, Buffer]> = [
  ['invalid JSON', post('{"query":')],
  ['JSON null', post('null')],
  ['JSON array', post('[]')],
  ['batch of two', post(`[${QUERY},${QUERY}]`)],
  ['JSON number', post('123')],
  ['JSON string', post('"{ __typename }"')],
  ['query not a string', post('{"query":5}')],
  ['variables a string', post('{"query":"{ __typename }","variables":"x"}')],
  ['operationName an object', post('{"query":"{ __typename }","operationName":{}}')],
  ['extensions an array', post('{"query":"{ __typename }","extensions":[]}')],
  ['syntax error', post('{"query":"{"}')],
  ['deep JSON', post('['.repeat(50_000) + ']'.repeat(50_000))],
  ['deep selection', post(JSON.stringify({ query: `{${' a {'.repeat(300)}${'}'.repeat(300)}}` }))],
  ['proto pollution', post('{"__proto__":{"query":"{ __typename }"},"constructor":{}}')],
  ['NUL in query', post(JSON.stringify({ query: '{ __typename \u0000 }' }))],
  [
    'invalid UTF-8',
    post(
      Buffer.concat([
        Buffer.from('{"query":"{ __typename } '),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from('"}'),
      ]),
    ),
  ],
  ['UTF-8 BOM', post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(QUERY)]))],
  [
    'UTF-16 body',
    post(Buffer.from(QUERY, 'utf16le'), 'Content-Type: application/json; charset=utf-16\r\n'),
  ],
  ['gzip that is not', post(QUERY, 'Content-Type: application/json\r\nContent-Encoding: gzip\r\n')],
  [
    'form encoded',
    post('query=%7B__typename%7D', 'Content-Type: application/x-www-form-urlencoded\r\n'),
  ],
  ['multipart', post('--x\r\n\r\n--x--', 'Content-Type: multipart/form-data; boundary=x\r\n')],
  ['no content-type', post(QUERY, '')],
  ['text/plain', post(QUERY, 'Content-Type: text/plain\r\n')],
  ['graphql content-type', post('{ __typename }', 'Content-Type: application/graphql\r\n')],
  [
    'over the body limit',
    post(JSON.stringify({ query: '{ __typename }', pad: 'x'.repeat(1_200_000) })),
  ],
  [
    'chunked over the body limit',
    Buffer.concat([
      raw(
        'POST /graphql HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      ),
      ...Array.from({ length: 30 }, () => raw(`10000\r\n${'x'.repeat(0x10000)}\r\n`)),
      raw('0\r\n\r\n'),
    ]),
  ],
];

export const slowClients: Array<[string, RawRequest]> = [
  [
    'declares 5 MB, sends 10 bytes',
    {
      head: 'POST /graphql HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{"query":',
      idleMs: 30_000,
    },
  ],
  [
    'declares 900 bytes, sends 10 bytes',
    {
      head: 'POST /graphql HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: 900\r\n\r\n{"query":',
      idleMs: 30_000,
    },
  ],
  [
    'drips the body a byte every second',
    {
      head: 'POST /graphql HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: 900\r\n\r\n',
      drip: Array.from({ length: 40 }, () => ' '),
      dripMs: 1_000,
      idleMs: 30_000,
    },
  ],
  [
    'never finishes its headers',
    {
      head: 'GET /health HTTP/1.1\r\nHost: hub\r\n',
      drip: ['X-A: 1\r\n', 'X-B: 2\r\n'],
      dripMs: 2_000,
      idleMs: 30_000,
    },
  ],
  ['opens and says nothing', { head: '', idleMs: 30_000 }],
];
