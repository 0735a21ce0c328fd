import type { IncomingHealthCodeChange } from '../managers/health-code-feed.js';

/**
 * A bus message carries one change (a JSON object) or a batch (a JSON array of them); what is not
 * JSON comes back as the reason, refused as a whole.
 */
export function changesInMessage(data: Uint8Array): IncomingHealthCodeChange[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return 'is not JSON';
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((item) =>
    item && typeof item === 'object' ? (item as IncomingHealthCodeChange) : {},
  );
}
