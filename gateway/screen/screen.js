// The operations-centre screen: one page, plain JavaScript and Apache ECharts, every request to this
// hub. Each panel asks the API for what it shows and says so when the caller may not see it; the
// risk map follows the live event stream, so a level change appears without a reload.
'use strict';

const params = new URLSearchParams(location.search);
const DISTRICT = params.get('district') || '310104';
/** A night to show instead of the latest assessed one (the map then ignores other nights' events). */
const PINNED_DATE = params.get('date');
/** Passengers one checker handles in an hour, for the staffing plan. */
const CAPACITY = Number(params.get('capacity')) || 150;
const LEVEL_COLORS = { RED: '#e5484d', YELLOW: '#f5c518', BLUE: '#3e7bfa' };
const LEVEL_NAMES = { RED: '高风险', YELLOW: '中风险', BLUE: '低风险' };
const STORAGE_KEY = 'cityhub-screen-credential';
const $ = (id) => document.getElementById(id);

// ---- signing in: a token or an API key, from the URL fragment (never sent to a server) or a form
function credentialHeaders() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const given = fragment.get('key') || fragment.get('token');
  if (given) {
    sessionStorage.setItem(STORAGE_KEY, given);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const credential = sessionStorage.getItem(STORAGE_KEY);
  if (!credential) return null;
  return credential.startsWith('chk_')
    ? { 'x-api-key': credential }
    : { authorization: `Bearer ${credential}` };
}

function askForCredential(reason) {
  sessionStorage.removeItem(STORAGE_KEY);
  const dialog = $('sign-in');
  $('sign-in-reason').textContent = reason || '';
  if (!dialog.open) dialog.showModal();
}

$('sign-in').addEventListener('close', () => {
  const value = $('credential').value.trim();
  if (!value) return askForCredential();
  sessionStorage.setItem(STORAGE_KEY, value);
  location.reload();
});
$('sign-out').addEventListener('click', () => askForCredential());

let headers = credentialHeaders();

/** Who the screen is signed in as, from the token's claims (the hub checks them; this only shows them). */
function callerLabel() {
  if (!headers) return '';
  if (headers['x-api-key']) return 'API key';
  try {
    const claims = JSON.parse(
      atob(headers.authorization.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')),
    );
    return [claims.roles, claims.scope].flat().filter(Boolean).join(' ');
  } catch {
    return 'token';
  }
}

/** One GraphQL request; partial answers are kept (a panel shows what the caller may see). */
async function graphql(query, variables = {}) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  if (response.status === 401) {
    askForCredential('the hub did not accept this credential');
    throw new Error('not signed in');
  }
  const answer = await response.json();
  return { data: answer.data || null, errors: answer.errors || [] };
}

function refusalNote(errors, what) {
  if (!errors.length) return '';
  const codes = new Set(errors.map((error) => error.extensions && error.extensions.code));
  if (codes.has('FORBIDDEN') || codes.has('UNAUTHENTICATED'))
    return `This credential may not see ${what}.`;
  return `${what}: ${errors[0].message}`;
}

// ---- charts: ECharts with the SVG renderer (crisp on a wall, and each community is one <path>)
const charts = {};
function chart(id) {
  if (!charts[id]) {
    charts[id] = echarts.init($(id), null, { renderer: 'svg' });
    new ResizeObserver(() => charts[id].resize()).observe($(id));
  }
  return charts[id];
}
const AXIS = { axisLine: { lineStyle: { color: '#44557a' } }, splitLine: { show: false } };
const TEXT = { color: '#dbe4f3' };

/** The city's calendar (UTC+8), whatever the wall's clock is set to. */
function cityDay(offsetDays = 0) {
  return new Date(Date.now() + 8 * 3600e3 + offsetDays * 86400e3).toISOString().slice(0, 10);
}
const cityHour = (instant) => new Date(new Date(instant).getTime() + 8 * 3600e3).getUTCHours();

// ---- the district map, coloured by last night's risk levels
const map = { date: null, names: new Map(), levels: new Map(), scores: new Map() };

const MAP_QUERY = `query ScreenMap($district: ID!, $date: Date) {
  district(code: $district) {
    name
    geojson
    riskMap(date: $date) { date communities { communityCode score level } }
  }
}`;

async function loadMap() {
  const { data, errors } = await graphql(MAP_QUERY, { district: DISTRICT, date: PINNED_DATE });
  const district = data && data.district;
  if (!district) throw new Error(refusalNote(errors, 'the district') || 'no such district');
  $('district-name').textContent = district.name;
  echarts.registerMap('district', district.geojson);
  map.names = new Map(district.geojson.features.map((f) => [f.properties.code, f.properties.name]));
  map.levels.clear();
  map.date = district.riskMap ? district.riskMap.date : null;
  for (const point of district.riskMap ? district.riskMap.communities : []) {
    map.levels.set(point.communityCode, point.level);
    map.scores.set(point.communityCode, point.score);
  }
  drawMap();
}

function drawMap() {
  const night = PINNED_DATE ? 'the night asked for' : 'last assessed night';
  $('map-date').textContent = map.date ? `${map.date} (${night})` : 'not assessed yet';
  const counts = { RED: 0, YELLOW: 0, BLUE: 0 };
  const data = [...map.names.keys()].map((code) => {
    const level = map.levels.get(code);
    if (level) counts[level]++;
    return {
      name: code,
      value: map.scores.get(code),
      itemStyle: level ? { areaColor: LEVEL_COLORS[level] } : undefined,
    };
  });
  for (const level of Object.keys(counts))
    $(`count-${level.toLowerCase()}`).textContent = `${LEVEL_NAMES[level]} ${counts[level]}`;
  chart('map').setOption({
    tooltip: {
      formatter: ({ name, value }) =>
        `${map.names.get(name) || name}<br>${name}<br>` +
        (map.levels.has(name)
          ? `${LEVEL_NAMES[map.levels.get(name)]} · ${Number(value).toFixed(1)}`
          : 'not assessed'),
    },
    series: [
      {
        type: 'map',
        map: 'district',
        nameProperty: 'code',
        // As large as the panel allows, the district's shape kept.
        layoutCenter: ['50%', '50%'],
        layoutSize: '98%',
        roam: true,
        selectedMode: false,
        itemStyle: { areaColor: '#2a3550', borderColor: '#0b1220', borderWidth: 0.4 },
        emphasis: { label: { show: false }, itemStyle: { borderColor: '#fff', borderWidth: 1 } },
        data,
      },
    ],
  });
}

// ---- station arrivals for the next 24 h: two whole city days (what a viewer may ask), cut to 24 h
const FORECAST = `{ hours { hour arrivals } peakWindows { start arrivals share }
  staffingPlan(passengersPerCheckerHour: $capacity) { hours { hour checkers } } }`;
const ARRIVALS_QUERY = `query ScreenArrivals($today: DateTime!, $tomorrow: DateTime!, $capacity: Int!) {
  stations(kind: RAIL) { code name
    today: arrivalsForecast(from: $today, hours: 24) ${FORECAST}
    tomorrow: arrivalsForecast(from: $tomorrow, hours: 24) ${FORECAST} }
}`;

async function loadArrivals() {
  const { data, errors } = await graphql(ARRIVALS_QUERY, {
    today: `${cityDay()}T00:00:00+08:00`,
    tomorrow: `${cityDay(1)}T00:00:00+08:00`,
    capacity: CAPACITY,
  });
  const stations = (data && data.stations) || [];
  const total = (s) => s.today.hours.reduce((sum, h) => sum + (h.arrivals || 0), 0);
  const station = stations
    .filter((s) => s.today && s.tomorrow)
    .sort((a, b) => total(b) - total(a))[0];
  if (!station) return void ($('arrivals-note').textContent = refusalNote(errors, 'arrivals'));
  $('station-name').textContent = station.name;
  const now = Date.now() - 3600e3;
  const hours = [...station.today.hours, ...station.tomorrow.hours]
    .filter((h) => new Date(h.hour).getTime() > now)
    .slice(0, 24);
  const peaks = new Set(
    [...station.today.peakWindows, ...station.tomorrow.peakWindows].map((p) => +new Date(p.start)),
  );
  const plans = [station.today.staffingPlan, station.tomorrow.staffingPlan];
  const planned = new Map(
    plans.flatMap((plan) => (plan ? plan.hours : [])).map((h) => [+new Date(h.hour), h.checkers]),
  );
  // Without transport:read the exact plan is withheld: it is estimated from the published counts.
  const estimated = plans.some((plan) => !plan);
  const checkers = hours.map((h) =>
    estimated ? Math.ceil((h.arrivals || 0) / CAPACITY) : planned.get(+new Date(h.hour)),
  );
  $('arrivals-note').textContent =
    `Peaks (高峰) marked; checkers at ${CAPACITY} passengers an hour each` +
    (estimated
      ? ', estimated from the published (rounded) arrivals.'
      : ', the hub’s staffing plan.');
  chart('arrivals').setOption({
    tooltip: { trigger: 'axis' },
    legend: { textStyle: TEXT, right: 0 },
    grid: { left: 48, right: 40, top: 28, bottom: 24 },
    xAxis: { type: 'category', data: hours.map((h) => `${cityHour(h.hour)}:00`), ...AXIS },
    yAxis: [
      { type: 'value', name: 'arrivals', ...AXIS },
      { type: 'value', name: 'checkers', ...AXIS },
    ],
    series: [
      {
        name: 'arrivals',
        type: 'bar',
        data: hours.map((h) => ({
          value: h.arrivals,
          itemStyle: { color: peaks.has(+new Date(h.hour)) ? '#e5484d' : '#3e7bfa' },
        })),
      },
      { name: 'checkers', type: 'line', yAxisIndex: 1, step: 'end', data: checkers },
    ],
  });
}

// ---- construction sites: headcount by street, and the sites that have not reported today
const SITES_QUERY = `query ScreenSites($today: Date!) {
  sites(kind: CONSTRUCTION, status: ACTIVE, first: 500) {
    totalCount edges { node { id street { name } headcount(date: $today) } }
  }
  sitesNotReported(date: $today) { id name street { name } }
}`;

async function loadSites() {
  const { data, errors } = await graphql(SITES_QUERY, { today: cityDay() });
  const sites = data && data.sites;
  const unreported = (data && data.sitesNotReported) || [];
  if (!sites) return void ($('sites-note').textContent = refusalNote(errors, 'sites (sites:read)'));
  const byStreet = new Map();
  for (const { node } of sites.edges) {
    const street = node.street ? node.street.name : '—';
    byStreet.set(street, (byStreet.get(street) || 0) + (node.headcount || 0));
  }
  const headcount = [...byStreet.values()].reduce((a, b) => a + b, 0);
  $('sites-note').textContent =
    `${sites.totalCount} active sites, ${headcount} on site today; ` +
    `${unreported.length} not reported (未上报)`;
  const streets = [...byStreet.entries()].sort((a, b) => a[1] - b[1]);
  chart('sites').setOption({
    tooltip: {},
    grid: { left: 90, right: 16, top: 8, bottom: 20 },
    xAxis: { type: 'value', ...AXIS },
    yAxis: { type: 'category', data: streets.map(([name]) => name), ...AXIS },
    series: [
      { type: 'bar', data: streets.map(([, count]) => count), itemStyle: { color: '#3ccf91' } },
    ],
  });
  $('unreported').replaceChildren(
    ...unreported.slice(0, 20).map((site) => {
      const item = document.createElement('li');
      item.textContent = `未上报 ${site.name} · ${site.street ? site.street.name : ''}`;
      return item;
    }),
  );
}

// ---- live: the event stream read with fetch (EventSource cannot send the credential header)
const STREAM_TYPES = [
  'risk.level_changed',
  'risk.run_finished',
  'sites.report_missing',
  'enterprises.filing_reviewed',
  'dispatch.order_opened',
  'dispatch.order_escalated',
  'dispatch.order_resolved',
];

function onEvent(type, envelope) {
  const data = envelope.data || {};
  if (type === 'risk.level_changed' && data.date === map.date) {
    map.levels.set(data.communityCode, data.to);
    map.scores.set(data.communityCode, data.score);
    drawMap();
    const item = document.createElement('li');
    item.dataset.community = data.communityCode;
    item.innerHTML = `<time></time> <b></b> <span class="${data.from.toLowerCase()}">${LEVEL_NAMES[data.from]}</span> → <span class="${data.to.toLowerCase()}">${LEVEL_NAMES[data.to]}</span>`;
    item.querySelector('time').textContent = new Date(envelope.occurredAt).toLocaleTimeString();
    item.querySelector('b').textContent = map.names.get(data.communityCode) || data.communityCode;
    $('changes').prepend(item);
  }
  // A new night's map replaces the shown one, unless the screen was pinned to a night.
  if (type === 'risk.run_finished' && !PINNED_DATE && (!map.date || data.date > map.date))
    panel(loadMap);
  if (type === 'sites.report_missing') panel(loadSites);
  // The stream gives each caller only the types its rights allow (dispatch:read, enterprise:read).
  if (type === 'enterprises.filing_reviewed') soon(loadResumption);
  if (type.startsWith('dispatch.')) soon(loadWorkOrders);
}

/** A burst of events (a batch of orders) reloads a panel once, a second after the last of them. */
const pending = new Map();
function soon(load) {
  clearTimeout(pending.get(load));
  pending.set(
    load,
    setTimeout(() => panel(load), 1000),
  );
}

async function follow() {
  let lastEventId = null;
  for (;;) {
    try {
      const response = await fetch(`/events/stream?types=${STREAM_TYPES.join(',')}`, {
        headers: { ...headers, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
      });
      if (response.status === 401) return askForCredential('the stream refused this credential');
      if (!response.ok || !response.body) throw new Error(`stream: HTTP ${response.status}`);
      $('live').className = 'on';
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const fields = {};
          for (const line of buffer.slice(0, end).split('\n')) {
            const colon = line.indexOf(':');
            if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
          }
          buffer = buffer.slice(end + 2);
          if (fields.id) lastEventId = fields.id;
          if (fields.event && fields.data) onEvent(fields.event, JSON.parse(fields.data));
        }
      }
    } catch (error) {
      console.warn('event stream', error);
    }
    $('live').className = 'off';
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/**
 * Runs a panel's loader; a failure leaves the other panels alone, and the panel tries again in 15 s
 * (a department that was slow or restarting must not leave a wall panel empty for five minutes).
 */
function panel(load) {
  return load().catch((error) => {
    console.warn(load.name, error);
    setTimeout(() => panel(load), 15_000);
  });
}

async function start() {
  if (!headers) return askForCredential();
  $('caller').textContent = callerLabel();
  setInterval(() => ($('clock').textContent = new Date().toLocaleString()), 1000);
  document.body.dataset.ready = 'loading';
  follow();
  await Promise.all([loadMap, loadArrivals, loadSites, loadResumption, loadWorkOrders].map(panel));
  document.body.dataset.ready = 'yes';
  // Figures without events of their own are refreshed every five minutes.
  setInterval(() => [loadArrivals, loadResumption, loadWorkOrders].map(panel), 300_000);
}

start();
