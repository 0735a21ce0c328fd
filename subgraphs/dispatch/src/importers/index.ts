import type { ImportMapping } from '@cityhub/importer';
import { hotlineImport } from './hotline-import.js';

/** The kinds of file the dispatch department loads (`npm run import -- dispatch <kind> <file>`). */
export function importMappings(): ImportMapping[] {
  return [hotlineImport()];
}
