// Integrators' API keys through the API, on the one hub integrator-keys/keys-hub.ts starts for this file.
import './integrator-keys/keys-hub.js';
import './integrator-keys/managing.js';
import './integrator-keys/rights.js';
