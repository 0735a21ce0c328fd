import type { ImportMapping } from '@cityhub/importer';
import { utilityReadingImport } from './utility-reading-import.js';

/** The kinds of file the risk department loads (`npm run import -- risk <kind> <file>`). */
export function importMappings(): ImportMapping[] {
  return [utilityReadingImport()];
}
