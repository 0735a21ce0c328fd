import type { Migration } from '@cityhub/kit';
import * as offices from './20261201000000_offices.js';

export const migrations: Migration[] = [offices];
