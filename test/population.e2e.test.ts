// Population through the gateway, on the one hub population/population-hub.ts starts for this file.
import './population/population-hub.js';
import './population/queries.js';
import './population/dashboards-and-entities.js';
