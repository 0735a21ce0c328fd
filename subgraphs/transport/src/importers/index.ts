import type { ImportMapping } from '@cityhub/importer';
import { checkpointImport } from './checkpoint-import.js';
import { scheduleImport } from './schedule-import.js';

/** The kinds of file the transport department loads (`npm run import -- transport <kind> <file>`). */
export function importMappings(): ImportMapping[] {
  return [scheduleImport(), checkpointImport()];
}
