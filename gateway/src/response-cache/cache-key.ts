import { createHash } from 'node:crypto';

/**
 * The key of one answer: the document (by hash), the operation chosen in it, its variables and the
 * caller's rights (see rights-key.ts). Never the caller's identity.
 */
export function cacheKeyOf(parts: {
  documentHash: string;
  operationName: string | null;
  variables: Record<string, unknown> | undefined;
  rights: string;
}): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        parts.documentHash,
        parts.operationName,
        parts.variables ?? {},
        parts.rights,
      ]),
    )
    .digest('base64url');
}
