import type http from 'node:http';
import {
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Span,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { Database } from './database.js';

const TRACER = 'cityhub';

/**
 * OpenTelemetry tracing, off unless asked for: with OTEL_EXPORTER_OTLP_ENDPOINT set, spans go there
 * by OTLP/HTTP; without it no provider is registered, every span is the API's no-op and nothing
 * leaves the process. Tests pass their own span processor (an in-memory exporter).
 */
export async function startTracing(
  serviceName: string,
  options: { processor?: SpanProcessor; env?: NodeJS.ProcessEnv } = {},
): Promise<{ stop(): Promise<void> } | null> {
  const endpoint = (options.env ?? process.env).OTEL_EXPORTER_OTLP_ENDPOINT;
  let processor = options.processor;
  if (!processor && endpoint) {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    processor = new BatchSpanProcessor(new OTLPTraceExporter());
  }
  if (!processor) return null;
  const { Resource } = await import('@opentelemetry/resources');
  const provider = new BasicTracerProvider({
    resource: new Resource({ 'service.name': serviceName }),
  });
  provider.addSpanProcessor(processor);
  provider.register({
    contextManager: new AsyncLocalStorageContextManager().enable(),
    propagator: new W3CTraceContextPropagator(),
  });
  return {
    async stop() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/**
 * Runs an incoming HTTP request inside a server span, the child of the caller's `traceparent` when
 * it sent one (the gateway does on every subgraph fetch). The span ends when the answer is sent.
 */
export function withRequestSpan(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  handle: () => void,
): void {
  const parent = propagation.extract(context.active(), req.headers);
  const path = (req.url ?? '/').split('?')[0];
  const span = trace
    .getTracer(TRACER)
    .startSpan(`${req.method} ${path}`, { kind: SpanKind.SERVER }, parent);
  if (!span.isRecording()) return handle();
  res.once('close', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), handle);
}

/**
 * A client span around a call to a subgraph, with its W3C trace context added to the headers sent
 * (beside the identity header, which signs the body and not these).
 */
export async function withClientSpan<T>(
  name: string,
  headers: Record<string, string>,
  call: (headers: Record<string, string>) => Promise<T>,
): Promise<T> {
  const span = trace.getTracer(TRACER).startSpan(name, { kind: SpanKind.CLIENT });
  if (!span.isRecording()) return call(headers);
  const traced = { ...headers };
  const active = trace.setSpan(context.active(), span);
  propagation.inject(active, traced);
  try {
    return await context.with(active, () => call(traced));
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
    throw error;
  } finally {
    span.end();
  }
}

/** One span per SQL statement, a child of whatever span is active when knex sends it. */
export function traceStatements(db: Database): void {
  const open = new Map<string, Span>();
  db.on('query', (query: { __knexQueryUid: string; sql: string; method?: string }) => {
    const parent = trace.getActiveSpan();
    if (!parent?.isRecording()) return;
    const label = /^\/\* (.+?) \*\//.exec(query.sql)?.[1];
    const span = trace.getTracer(TRACER).startSpan(`SQL ${label ?? query.method ?? 'statement'}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system': 'postgresql', 'db.statement': query.sql.slice(0, 500) },
    });
    open.set(query.__knexQueryUid, span);
  });
  const end = (failed: boolean) => (_result: unknown, query: { __knexQueryUid: string }) => {
    const span = open.get(query.__knexQueryUid);
    if (!span) return;
    open.delete(query.__knexQueryUid);
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  db.on('query-response', end(false));
  db.on('query-error', end(true));
}

/** Whether the work under way is traced (a recording span is active), so that its spans matter. */
export function isTraced(): boolean {
  return trace.getActiveSpan()?.isRecording() ?? false;
}
