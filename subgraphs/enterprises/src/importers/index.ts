import type { ImportMapping } from '@cityhub/importer';
import { enterpriseImport } from './enterprise-import.js';

/** The kinds of file the enterprises department loads (`npm run import -- enterprises <kind> <file>`). */
export function importMappings(settings: { personIdKey: string }): ImportMapping[] {
  return [enterpriseImport(settings.personIdKey)];
}
