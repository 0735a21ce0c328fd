import { createHmac } from 'node:crypto';

/**
 * The hub's identifier of a person: a keyed hash of the resident ID number. Every department can
 * compute it from an ID number it holds, without reading the population tables, and references
 * that travel between subgraphs, logs and URLs never carry the ID number itself.
 */
export function personIdFor(idNumber: string, key: string): string {
  return createHmac('sha256', key).update(idNumber.toUpperCase()).digest('base64url').slice(0, 22);
}
