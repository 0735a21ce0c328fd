// The operations-centre screen's resumption and work-order panels. Loaded before screen.js, whose
// helpers (graphql, chart, $, cityDay, refusalNote, AXIS, TEXT, DISTRICT) they call when drawn.
'use strict';

// ---- work resumption by street (复工率): today's rate per street, and the last 30 days' trend
const RESUMPTION_POINTS = `resumptionSeries(from: $from, to: $to) { points { date resumptionRate } }`;
const RESUMPTION_QUERY = `query ScreenResumption($district: ID!, $from: Date!, $to: Date!) {
  district(code: $district) {
    name
    ${RESUMPTION_POINTS}
    streets { code name resumption { resumptionRate } ${RESUMPTION_POINTS} }
  }
}`;
const percent = (rate) =>
  rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10;

async function loadResumption() {
  // Snapshots are taken at the end of each day: the trend runs to yesterday.
  const { data, errors } = await graphql(RESUMPTION_QUERY, {
    district: DISTRICT,
    from: cityDay(-30),
    to: cityDay(-1),
  });
  const district = data && data.district;
  const streets = ((district && district.streets) || []).filter((s) => s.resumption);
  $('resumption-note').textContent = streets.length ? '' : refusalNote(errors, 'resumption');
  streets.sort((a, b) => a.resumption.resumptionRate - b.resumption.resumptionRate);
  chart('resumption').setOption({
    tooltip: { valueFormatter: (value) => `${value}%` },
    grid: { left: 90, right: 16, top: 8, bottom: 20 },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' }, ...AXIS },
    yAxis: { type: 'category', data: streets.map((s) => s.name), ...AXIS },
    series: [
      {
        type: 'bar',
        data: streets.map((s) => percent(s.resumption.resumptionRate)),
        itemStyle: { color: '#f5a524' },
      },
    ],
  });
  drawResumptionTrend(district, streets);
}

/** One thin line per street and the district's in bold: which streets lag, and where all are going. */
function drawResumptionTrend(district, streets) {
  const series = district && district.resumptionSeries;
  const days = series ? series.points.map((p) => p.date.slice(5)) : [];
  const line = (name, points, style) => ({
    name,
    type: 'line',
    showSymbol: false,
    connectNulls: true,
    data: points.map((p) => percent(p.resumptionRate)),
    ...style,
  });
  const drawn = streets
    .filter((s) => s.resumptionSeries)
    .map((s) =>
      line(s.name, s.resumptionSeries.points, {
        lineStyle: { width: 1, opacity: 0.55 },
        emphasis: { focus: 'series' },
      }),
    );
  if (series)
    drawn.push(
      line(district.name, series.points, {
        lineStyle: { width: 3, color: '#f5a524' },
        itemStyle: { color: '#f5a524' },
        z: 3,
      }),
    );
  $('resumption-trend').dataset.points = String(
    drawn.reduce((n, s) => n + s.data.filter((v) => v !== null).length, 0),
  );
  chart('resumption-trend').setOption({
    tooltip: { trigger: 'axis', valueFormatter: (value) => `${value}%` },
    grid: { left: 40, right: 16, top: 10, bottom: 20 },
    xAxis: { type: 'category', data: days, boundaryGap: false, ...AXIS },
    yAxis: { type: 'value', scale: true, axisLabel: { formatter: '{value}%' }, ...AXIS },
    series: drawn,
  });
}

// ---- work orders (工单) from the dispatch department: open and overdue per street
const ORDERS_QUERY = `query ScreenWorkOrders($district: ID!) {
  district(code: $district) { streets { code name workOrderStats { open overdue } } }
}`;

async function loadWorkOrders() {
  const { data, errors } = await graphql(ORDERS_QUERY, { district: DISTRICT });
  const streets = ((data && data.district && data.district.streets) || []).filter(
    (s) => s.workOrderStats,
  );
  // The screen states no purpose, so counts come as published to any caller without exact figures:
  // a new order moves its street's figure when it crosses a step of 5.
  $('orders-note').textContent = streets.length
    ? 'Counts as published: rounded to 5, none below 5.'
    : refusalNote(errors, 'work orders') || 'Dispatch is unreachable.';
  const sum = (key) => streets.reduce((total, s) => total + (s.workOrderStats[key] || 0), 0);
  const figure = (value, label, className) => {
    const element = document.createElement('div');
    if (className) element.className = className;
    element.append(
      String(value),
      Object.assign(document.createElement('small'), { textContent: label }),
    );
    return element;
  };
  $('orders').replaceChildren(
    ...(streets.length
      ? [figure(sum('open'), 'open 未办结'), figure(sum('overdue'), 'overdue 超期', 'red')]
      : []),
  );
  // Stacked: an open order is either still in time or overdue; streets with most overdue on top.
  streets.sort(
    (a, b) =>
      (a.workOrderStats.overdue || 0) - (b.workOrderStats.overdue || 0) ||
      (a.workOrderStats.open || 0) - (b.workOrderStats.open || 0),
  );
  const stat = (s, key) => s.workOrderStats[key] || 0;
  chart('orders-chart').setOption({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { textStyle: TEXT, right: 0, top: 0 },
    grid: { left: 90, right: 16, top: 24, bottom: 20 },
    xAxis: { type: 'value', minInterval: 1, ...AXIS },
    yAxis: { type: 'category', data: streets.map((s) => s.name), ...AXIS },
    series: [
      {
        name: 'in time',
        type: 'bar',
        stack: 'open',
        data: streets.map((s) => stat(s, 'open') - stat(s, 'overdue')),
        itemStyle: { color: '#3e7bfa' },
      },
      {
        name: 'overdue',
        type: 'bar',
        stack: 'open',
        data: streets.map((s) => stat(s, 'overdue')),
        itemStyle: { color: '#e5484d' },
      },
    ],
  });
}
