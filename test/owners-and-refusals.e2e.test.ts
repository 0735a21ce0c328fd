// Refusals and owners' views through the gateway, on the one hub owners-and-refusals/refusals-hub.ts starts for this file.
import './owners-and-refusals/refusals-hub.js';
import './owners-and-refusals/refusals.js';
import './owners-and-refusals/owners.js';
