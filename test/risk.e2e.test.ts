// The risk department through the gateway, on the one hub risk/risk-hub.ts starts for this file.
import './risk/risk-hub.js';
import './risk/nightly-run.js';
import './risk/answers.js';
