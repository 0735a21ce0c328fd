import type { ImportMapping } from '@cityhub/importer';
import { constructionSiteImport } from './construction-site-import.js';

/** The kinds of file the sites department loads (`npm run import -- sites <kind> <file>`). */
export function importMappings(): ImportMapping[] {
  return [constructionSiteImport()];
}
