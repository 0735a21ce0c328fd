// Forms and feeds on a fresh database, with the one hub forms-and-feeds/forms-hub.ts starts for this file.
import './forms-and-feeds/forms-hub.js';
import './forms-and-feeds/forms.js';
import './forms-and-feeds/health-codes.js';
