import { describeMigrations } from '../../../test/support/department.js';
import { subgraph } from '../src/index.js';

describeMigrations(subgraph, { tables: ['personal_data_reads'] });
