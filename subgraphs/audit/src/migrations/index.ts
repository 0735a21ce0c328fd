import type { Migration } from '@cityhub/kit';
import * as personalDataReads from './20261122001000_personal_data_reads.js';

export const migrations: Migration[] = [personalDataReads];
