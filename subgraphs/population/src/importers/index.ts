import type { ImportMapping } from '@cityhub/importer';
import { residentImport } from './resident-import.js';

/** The kinds of file the population department loads (`npm run import -- population <kind> <file>`). */
export function importMappings(settings: { personIdKey: string }): ImportMapping[] {
  return [residentImport(settings.personIdKey)];
}
