import { ANSWER_SCOPE_HEADER } from '@cityhub/kit';

/**
 * What the subgraphs said of one request's answer: which of them it read (the tags an invalidation
 * names), and whether each answered from the caller's rights alone. A subgraph answer without the
 * header (an error, an unreachable subgraph, an older subgraph) counts as personal.
 */
export class AnswerTrace {
  readonly subgraphs = new Set<string>();
  private dependsOnMoreThanRights = false;

  noteSubgraphAnswer(subgraph: string, headers: { get(name: string): string | null } | undefined) {
    this.subgraphs.add(subgraph);
    if (headers?.get(ANSWER_SCOPE_HEADER) !== 'rights') this.dependsOnMoreThanRights = true;
  }

  /** Whether two callers with the same rights would have been given this very answer. */
  get sharedByRights(): boolean {
    return !this.dependsOnMoreThanRights;
  }
}
