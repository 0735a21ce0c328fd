/**
 * Every way the peer's setup differs from ours in the gate bench, written into each report, so
 * that a ratio is read with them in mind. Kept in one place: change it when either side changes.
 */
export const PEER_DIFFERENCES: string[] = [
  'Same subgraphs, same PostgreSQL, same audit: the peer serves a copy of `schema/supergraph.graphql` whose URLs point at the subgraphs `npm start` started for this configuration, and the same wrk load with the same token and purpose.',
  "Token checks: both keep a verified JWT's claims for at most a minute and never past its expiry (ours in gateway/src/access/caller-verifier.ts, the peer's plugin in bench/hub-credentials.ts); `BENCH_PEER_TOKEN_CACHE=0` makes the peer verify on every subgraph fetch instead.",
  "Identity: both sign the caller for each subgraph call and its exact body with the kit's IdentitySigner (Ed25519); ours signs once per call actually sent, the peer in an onFetch plugin.",
  'Query planning: ours is @apollo/gateway with its JavaScript query planner and plan cache; the peer is Hive Gateway with its own planner (the Rust planner runtime is not enabled).',
  'Only ours does: rate limiting per caller (in memory, the limit raised to 10⁹ a minute but still counted), depth/alias/cost limits (graphql-armor) and the trusted-documents plugin on each request, API keys and trusted documents from its PostgreSQL schema (a LISTEN connection stays open), Prometheus metrics, OpenTelemetry client spans (no exporter), a circuit breaker and liveness probe per subgraph, request ids and the error log limiter.',
  'Subgraph HTTP client: ours an undici Agent (keep-alive; 128 connections and no pipelining unless the subgraph-pipelining lever sets otherwise); the peer its own fetch with its defaults.',
  'De-duplication of identical in-flight subgraph calls: on in both, but no two gate requests are alike (a random resident each, and a stated purpose, which ours never shares), so it plays no part here.',
  'Processes: ours is a child of the launcher started by `npm start` (node with the tsx loader, `--conditions=development`, NODE_ENV development, and the Node flags of the levers through NODE_OPTIONS); the peer is started by the bench through tsx around its published JavaScript, NODE_ENV development, without those Node flags.',
  "The peer's RSS and CPU are its own process's; ours the gateway process's (the launcher, npm and tsx parents are counted in the server's total in both cases, as the subgraphs' supervisor).",
];
