import { startTracing } from '@cityhub/kit';
import type { InProcessHub } from '@cityhub/launcher';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, startTestHub } from './support/hub.js';

const exporter = new InMemorySpanExporter();
let tracing: Awaited<ReturnType<typeof startTracing>>;
let hub: InProcessHub;
beforeAll(async () => {
  tracing = await startTracing('cityhub-test', { processor: new SimpleSpanProcessor(exporter) });
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.stop();
  await tracing?.stop();
});

const parentOf = (span: ReadableSpan) => span.parentSpanId;

describe('OpenTelemetry traces', () => {
  it('follows one request from the gateway through the signed subgraph fetch to its SQL', async () => {
    exporter.reset();
    const response = await graphql(hub.gateway.url, '{ district(code: "310104") { name } }');
    expect(response.errors).toBeUndefined();
    // The gateway's server span ends when its answer has been sent, just after the client has it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const spans = exporter.getFinishedSpans();
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));

    const fetch = spans.find((span) => span.name === 'subgraph population');
    expect(fetch, spans.map((span) => span.name).join(', ')).toBeDefined();
    // Up from the fetch, through Apollo Gateway's own spans (plan, execute, fetch), to the request.
    const ancestors: ReadableSpan[] = [];
    for (let span = fetch; span; span = byId.get(parentOf(span) ?? '')) ancestors.push(span);
    const gatewayRequest = ancestors.at(-1)!;
    expect(gatewayRequest.name).toBe('POST /graphql');
    expect(parentOf(gatewayRequest)).toBeUndefined();
    expect(ancestors.map((span) => span.name)).toContain('gateway.fetch');

    // The subgraph continued the gateway's trace from the traceparent header it was sent.
    const subgraphRequest = spans.find((span) => parentOf(span) === fetch!.spanContext().spanId);
    expect(subgraphRequest?.name).toBe('POST /graphql');
    const statements = spans.filter(
      (span) =>
        span.name.startsWith('SQL ') && parentOf(span) === subgraphRequest!.spanContext().spanId,
    );
    expect(statements.length).toBeGreaterThan(0);
    expect(statements[0]!.attributes['db.statement']).toMatch(/select/i);
    const traceIds = new Set(
      [gatewayRequest, fetch!, subgraphRequest!, ...statements].map(
        (span) => span.spanContext().traceId,
      ),
    );
    expect(traceIds.size).toBe(1);
  });

  it('sends nothing anywhere unless OTEL_EXPORTER_OTLP_ENDPOINT is set', async () => {
    expect(await startTracing('cityhub-off', { env: {} })).toBeNull();
  });
});
