// Dispatch end to end, on the one hub test/dispatch/dispatch-hub.ts starts for this file (with the
// department's orders in a database of its own and its clock under the test's control).
import './dispatch/dispatch-hub.js';
import './dispatch/red-community.js';
import './dispatch/hotline-and-entities.js';
