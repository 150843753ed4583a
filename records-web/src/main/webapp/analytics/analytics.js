'use strict';
// The analytics charts page (ADR 45): runs a saved query and shows its answer as a chart drawn by
// ECharts (served with the page) and as a table. The token lives only in this variable.
let token = null;
let chart = null;
const $ = (id) => document.getElementById(id);
const status = (text) => { $('status').textContent = text; };

async function api(method, path) {
  const response = await fetch('../api/' + path, {
    method, headers: { 'Authorization': 'Bearer ' + token }
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const message = json && json.title ? json.title + ' (' + json.code + ')' : 'HTTP ' + response.status;
    if (response.status === 401) { token = null; }
    status('Refused: ' + message);
    throw new Error(message);
  }
  return json;
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) { td.className = className; }
  row.appendChild(td);
  return td;
}

function label(c) { return c.values.join(' / '); }

function showTable(answer) {
  const head = $('cells').querySelector('thead tr');
  head.replaceChildren();
  for (const d of answer.dimensions.concat(['count'])) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = d;
    head.appendChild(th);
  }
  const body = $('cells').querySelector('tbody');
  body.replaceChildren();
  for (const c of answer.cells) {
    const row = document.createElement('tr');
    c.values.forEach((v) => cell(row, v));
    const count = c.suppressed ? cell(row, 'suppressed', 'count suppressed') : cell(row, String(c.value), 'count');
    count.dataset.suppressed = String(c.suppressed);
    body.appendChild(row);
  }
  $('total-label').colSpan = Math.max(1, answer.dimensions.length);
  $('total').textContent = answer.total === null ? 'suppressed' : String(answer.total);
  $('total').className = answer.total === null ? 'count suppressed' : 'count';
  $('measure').textContent = answer.measure;
  $('threshold').textContent = String(answer.threshold);
  $('query-id').textContent = answer.queryId;
}

function showChart(answer) {
  if (!chart) { chart = echarts.init($('chart'), null, { renderer: 'canvas' }); }
  chart.setOption({
    animation: false,
    tooltip: { show: false },
    grid: { containLabel: true, left: 8, right: 8, top: 24, bottom: 8 },
    xAxis: {
      type: 'category',
      data: answer.cells.map((c) => c.suppressed ? label(c) + ' (suppressed)' : label(c)),
      axisLabel: { rotate: answer.cells.length > 6 ? 45 : 0 }
    },
    yAxis: { type: 'value', name: answer.measure },
    // A suppressed cell has no bar ('-': no value), never a bar of 0.
    series: [{ type: 'bar', data: answer.cells.map((c) => c.suppressed ? '-' : c.value) }]
  }, true);
  $('chart').dataset.rendered = String(answer.cells.length);
}

async function loadSaved() {
  const saved = await api('GET', 'analytics/saved-queries');
  const select = $('saved');
  select.replaceChildren();
  for (const q of saved.items) {
    const option = document.createElement('option');
    option.value = q.id;
    option.textContent = q.name;
    select.appendChild(option);
  }
  $('choose').hidden = false;
  status(saved.items.length ? 'Choose a saved query and run it.' : 'No saved queries yet.');
}

async function run() {
  const select = $('saved');
  status('Running…');
  const answer = await api('POST', 'analytics/saved-queries/' + encodeURIComponent(select.value) + '/run');
  $('answer').hidden = false;
  $('answer-name').textContent = select.options[select.selectedIndex].textContent;
  showTable(answer);
  showChart(answer);
  status('Shown: ' + answer.cells.length + ' cells, ' + answer.suppressed + ' suppressed.');
}

$('sign-in').addEventListener('submit', (e) => {
  e.preventDefault();
  token = $('token').value.trim();
  $('token').value = '';
  loadSaved().catch(() => {});
});
$('choose').addEventListener('submit', (e) => { e.preventDefault(); run().catch(() => {}); });
