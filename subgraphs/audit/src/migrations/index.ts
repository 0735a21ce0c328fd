import type { Migration } from '@cityhub/kit';
import * as personalDataReads from './20261122001000_personal_data_reads.js';
import * as appendOnlyGuard from './20261130000100_append_only_guard.js';
import * as readAccessAndDocument from './20261130001000_read_access_and_document.js';
import * as purposeNote from './20261130090000_purpose_note.js';

export const migrations: Migration[] = [
  personalDataReads,
  appendOnlyGuard,
  readAccessAndDocument,
  purposeNote,
];
