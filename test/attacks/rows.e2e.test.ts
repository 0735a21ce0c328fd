// Row-level attacks, on the one hub rows/rows-hub.ts starts for this file.
import './rows/rows-hub.js';
import './rows/roles-and-writes.js';
import './rows/figures-and-findings.js';
