import { useDashboardsHub } from './dashboards/dashboards-hub.js';
// The tests, by dashboard, all on the one hub started here (a hub per file would start three).
import './dashboards/trends.js';
import './dashboards/series.js';
import './dashboards/places.js';
import './dashboards/aggregates.js';

useDashboardsHub();
