import { createHash } from 'node:crypto';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import { pickedRecordOf, type Database } from '@cityhub/kit';
import { printExecutableGraphQLDocument } from '@graphql-tools/documents';
import { GraphQLError, Kind, parse, type DocumentNode } from 'graphql';

/** A trusted document's id: 64 hexadecimal digits (SHA-256). */
export const DOCUMENT_ID_SHAPE = /^[0-9a-f]{64}$/;

/**
 * The id of a document as graphql-codegen's client preset computes it (`persistedDocuments`):
 * SHA-256 of the document printed with sorted selections and minimal whitespace, so that layout,
 * comments, a trailing newline or the order of fields do not change it.
 */
export function documentIdOf(document: DocumentNode | string): string {
  const node = typeof document === 'string' ? parse(document) : document;
  return createHash('sha256').update(printExecutableGraphQLDocument(node)).digest('hex');
}

export interface TrustedDocument {
  application: string;
  documentId: string;
  operationName: string | null;
  document: string;
}

interface DbTrustedDocumentRow {
  application: string;
  document_id: string;
  operation_name: string | null;
  document: string;
}

const CACHE_MS = 30_000;
// Not a valid application name (those are key ids or names given by administrators).
const ANY_APPLICATION = '\u0000any';
const MAX_CACHED = 10_000;

/**
 * The manifest of trusted documents, per application. A document is looked up by its id on every
 * persisted request, so lookups are cached briefly (a document never changes under its id).
 */
export class TrustedDocumentStore {
  private readonly cache = new Map<string, { document: TrustedDocument | null; until: number }>();
  constructor(private readonly db: Database) {}

  /** Registers operations for an application; returns their ids. Refuses what does not parse. */
  async register(application: string, documents: string[]): Promise<TrustedDocument[]> {
    const rows = documents.map((text) => {
      let node: DocumentNode;
      try {
        node = parse(text);
      } catch (error) {
        throw new GraphQLError(`A document does not parse: ${(error as Error).message}`, {
          extensions: { code: 'BAD_USER_INPUT', field: 'documents', reason: 'syntax' },
        });
      }
      const operation = node.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
      return {
        application,
        document_id: documentIdOf(node),
        operation_name: operation?.name?.value ?? null,
        document: text,
      } satisfies DbTrustedDocumentRow;
    });
    if (rows.length === 0) return [];
    await this.db('trusted_documents')
      .comment('gateway.registerTrustedDocuments')
      .insert(rows)
      .onConflict(['application', 'document_id'])
      .ignore();
    for (const row of rows) {
      this.cache.delete(`${application}\n${row.document_id}`);
      this.cache.delete(`${ANY_APPLICATION}\n${row.document_id}`);
    }
    return rows.map(toTrustedDocument);
  }

  /** Reads a manifest as graphql-codegen writes it (`persisted-documents.json`: id → document). */
  async registerManifest(
    application: string,
    manifest: Record<string, string>,
  ): Promise<TrustedDocument[]> {
    const registered = await this.register(application, Object.values(manifest));
    const mismatched = Object.entries(manifest).filter(([id, text]) => documentIdOf(text) !== id);
    if (mismatched.length)
      throw new GraphQLError(
        `The manifest's ids do not match its documents: ${mismatched.map(([id]) => id).join(', ')}`,
        { extensions: { code: 'BAD_USER_INPUT', field: 'manifest', reason: 'id mismatch' } },
      );
    return registered;
  }

  /** The application's document with that id, or null. */
  find(application: string, documentId: string, now = Date.now()): Promise<TrustedDocument | null> {
    return this.cached(application, documentId, now, () =>
      this.db('trusted_documents')
        .comment('gateway.trustedDocumentById')
        .where({ application, document_id: documentId })
        .first(),
    );
  }

  /** Any application's document with that id, for callers that are not bound to an application. */
  findAny(documentId: string, now = Date.now()): Promise<TrustedDocument | null> {
    return this.cached(ANY_APPLICATION, documentId, now, () =>
      this.db('trusted_documents')
        .comment('gateway.trustedDocumentByIdInAnyApplication')
        .where({ document_id: documentId })
        .orderBy('registered_at')
        .first(),
    );
  }

  private async cached(
    application: string,
    documentId: string,
    now: number,
    read: () => Promise<DbTrustedDocumentRow | undefined>,
  ): Promise<TrustedDocument | null> {
    if (!DOCUMENT_ID_SHAPE.test(documentId)) return null;
    const cacheKey = `${application}\n${documentId}`;
    const cached = this.cache.get(cacheKey);
    if (cached && cached.until > now) return cached.document;
    const row = await read();
    const document = row ? toTrustedDocument(row) : null;
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(cacheKey, { document, until: now + CACHE_MS });
    return document;
  }

  async list(application: string): Promise<TrustedDocument[]> {
    const rows: DbTrustedDocumentRow[] = await this.db('trusted_documents')
      .comment('gateway.trustedDocumentsOfApplication')
      .where({ application })
      .orderBy('registered_at');
    return rows.map(toTrustedDocument);
  }
}

const toTrustedDocument = (row: DbTrustedDocumentRow) =>
  pickedRecordOf<TrustedDocument>(row, ['application', 'documentId', 'operationName', 'document']);

/**
 * The cache behind Apollo's `extensions.persistedQuery`. Trusted documents are found before Apollo
 * looks (trusted-documents-plugin.ts); what reaches this cache is an id no application registered.
 * In development any client may register a document by sending it with its hash (automatic
 * persisted queries); otherwise nothing is kept and such an id stays PERSISTED_QUERY_NOT_FOUND.
 */
export function automaticPersistedQueries(enabled: boolean): KeyValueCache<string> {
  if (enabled) return new InMemoryLRUCache<string>({ maxSize: 10_000_000 });
  return {
    get: async () => undefined,
    set: async () => {},
    delete: async () => true,
  };
}
