// Audit records of personal-data reads, on the one hub audit/audit-hub.ts starts for this file.
import './audit/audit-hub.js';
import './audit/records.js';
import './audit/writer-and-outage.js';
