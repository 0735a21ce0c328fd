// What a failure may reach, on the one hub containment/containment-hub.ts starts for this file.
import './containment/containment-hub.js';
import './containment/client-mistakes.js';
import './containment/outages.js';
