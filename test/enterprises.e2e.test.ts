// The enterprises department through the gateway, on the one hub enterprises/enterprises-hub.ts starts for this file.
import './enterprises/enterprises-hub.js';
import './enterprises/filing.js';
import './enterprises/registry.js';
