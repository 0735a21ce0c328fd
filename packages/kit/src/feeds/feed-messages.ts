/**
 * A bus message carries one record (a JSON object) or a batch (a JSON array of them); what is
 * not JSON comes back as the reason, refused as a whole.
 */
export function recordsInMessage(data: Uint8Array): unknown[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return 'is not JSON';
  }
  return Array.isArray(parsed) ? parsed : [parsed];
}
