import type { Migration } from '@cityhub/kit';
import * as personalDataReads from './20261122001000_personal_data_reads.js';
import * as readAccessAndDocument from './20261130001000_read_access_and_document.js';

export const migrations: Migration[] = [personalDataReads, readAccessAndDocument];
