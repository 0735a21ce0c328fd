import type { ApolloServerPlugin } from '@apollo/server';
import { ANSWER_SCOPE_HEADER } from './answer-scope.js';
import { AuditUnavailableError, documentSha256, type AuditWriter } from './audit-log.js';
import type { SubgraphBaseContext } from './subgraph-definition.js';

/**
 * Commits each request's audit records before its response is sent: the answer waits for the
 * group commit that carries its records, and an answer whose records could not be written is
 * replaced by an AUDIT_UNAVAILABLE error, so no personal data leave unrecorded.
 */
export function auditPlugin(writer: AuditWriter): ApolloServerPlugin<SubgraphBaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveSource({ source, contextValue }) {
          contextValue.audit.documentSha256 = documentSha256(source);
        },
        async willSendResponse({ contextValue, response }) {
          // For the gateway's response cache: only answers that depended on rights alone are shared.
          response.http.headers.set(ANSWER_SCOPE_HEADER, contextValue.audit.answerScope.value);
          const rows = contextValue.audit.drain();
          if (rows.length === 0) return;
          try {
            await writer.commit(rows);
          } catch (error) {
            const refusal =
              error instanceof AuditUnavailableError
                ? error
                : new AuditUnavailableError('the audit write failed');
            if (response.body.kind === 'single')
              response.body.singleResult = {
                data: null,
                errors: [{ message: refusal.message, extensions: refusal.extensions }],
              };
          }
        },
      };
    },
  };
}
