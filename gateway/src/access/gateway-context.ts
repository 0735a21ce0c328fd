import type { Caller } from '@cityhub/kit';
import type { AnswerTrace } from '../response-cache/answer-trace.js';
import type { ApiKey } from './api-key-store.js';

/** What the gateway knows of a request once its caller is verified. */
export interface GatewayContext {
  caller: Caller;
  /** Set for integrators whose key runs only its application's trusted documents. */
  registeredOperationsOnly: boolean;
  apiKey: ApiKey | null;
  /** What the subgraphs said of this request's answer (for the response cache). */
  answer: AnswerTrace;
  /** The subgraph answer the fast path received, for the full pipeline to use (fast-path/replay.ts). */
  replay?: { subgraph: string; id: string };
}
