// Sites through the gateway, on the one hub test/sites/sites-hub.ts starts for this file; the
// tests, by what they look at, are in the modules under test/sites.
import './sites/sites-hub.js';
import './sites/supervision.js';
import './sites/people-and-venues.js';
import './sites/visibility.js';
