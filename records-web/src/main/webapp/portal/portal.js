'use strict';
// The patient portal: plain JavaScript over the records API. The token and everything shown live
// only in this page's memory; nothing is written to browser storage, nothing PHI goes into a URL.
let token = null;
let patientId = null;
// A personal representative (ADR 46) picks whom they act for; every request then names that person
// in the Acting-For header, never implicitly. null: the user's own record.
let ownId = null;
let actingFor = null;
let idleTimer = null;
let idleSeconds = 900;
let amending = null;
let directing = null;
const $ = (id) => document.getElementById(id);

// English or Spanish (ADR 48): the first of the browser's languages that the portal speaks, or the
// one picked on the page. Every text is in messages/<language>.json, read once per language,
// synchronously, so the page is complete when it has loaded; dates and numbers go through Intl.
const LANGUAGES = ['en', 'es'];
const catalogues = {};
let lang = 'en';
function catalogue(language) {
  if (!catalogues[language]) {
    const request = new XMLHttpRequest();
    request.open('GET', 'messages/' + language + '.json', false);
    request.send();
    catalogues[language] = JSON.parse(request.responseText);
  }
  return catalogues[language];
}
// The message `key` with each {name} replaced by params[name].
function t(key, params) {
  const text = catalogue(lang)[key] ?? catalogue('en')[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (params && name in params ? String(params[name]) : whole));
}
const calendarDay = /^\d{4}-\d{2}-\d{2}$/;
// An instant, or a calendar day as the API gives it (yyyy-mm-dd, no time zone), as a long date.
function day(value) {
  if (!value) return value;
  if (calendarDay.test(value)) {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(value + 'T00:00:00Z'));
  }
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long' }).format(new Date(value));
}
const moment = (iso) => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
const number = (n) => (typeof n === 'number' ? new Intl.NumberFormat(lang).format(n) : n);

// The status line keeps its message so that a change of language says it again in the new one.
let said = null;
function say(key, params) {
  said = { key, params };
  $('status').textContent = t(key, params);
}

function applyLanguage(language) {
  lang = language;
  document.documentElement.lang = language;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  $('language').value = language;
}
applyLanguage((navigator.languages || [navigator.language]).map((l) => String(l).toLowerCase().split('-')[0])
  .find((l) => LANGUAGES.includes(l)) || 'en');

async function api(method, path, body, accept) {
  const headers = { 'Authorization': 'Bearer ' + token };
  if (actingFor) headers['Acting-For'] = actingFor;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (accept) headers['Accept'] = accept;
  const response = await fetch('../api/' + path, {
    method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await response.text();
  if (!response.ok) {
    let message = 'HTTP ' + response.status;
    let code = null;
    try { const p = JSON.parse(text); message = p.title + ' (' + p.code + ')'; code = p.code; } catch (ignored) { /* not JSON */ }
    say('failed', { message });
    if (response.status === 401) signOut('sessionExpired');
    const error = new Error(message);
    error.code = code;
    throw error;
  }
  return accept ? text : (text ? JSON.parse(text) : null);
}

function clear(node) { node.replaceChildren(); }
function cell(row, text) { const td = document.createElement('td'); td.textContent = text; row.appendChild(td); return td; }
// On narrow screens the table header is hidden; each cell then shows its column name.
function labelCells(table) {
  const names = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
  for (const row of table.querySelectorAll('tbody tr')) {
    [...row.children].forEach((td, i) => { td.dataset.label = names[i] || ''; });
  }
}
function field(list, term, value) {
  if (value === undefined || value === null || value === '') return;
  const dt = document.createElement('dt'); dt.textContent = term;
  const dd = document.createElement('dd'); dd.textContent = value;
  list.append(dt, dd);
}
const kind = (type) => t('kind.' + type);
const describe = (e) => e.codes.length ? e.codes.map((c) => c.display || c.code).join(', ') : kind(e.type);

// A user the organisation has not linked to a record yet (PHR-403-05) enters the one-time
// invitation code it handed them; the code goes in a request body, never into a URL.
async function signIn(newToken) {
  token = newToken;
  actingFor = null;
  let session = null;
  try {
    session = await api('GET', 'portal/session');
  } catch (e) {
    if (e.code !== 'PHR-403-05') throw e;
  }
  const people = await buildSwitcher(session);
  if (!session && people) {
    $('sign-in').hidden = true;
    $('signed-in-as').hidden = false;
    armIdleTimer();
    say('chooseWhose');
    $('acting-for').focus();
    return;
  }
  if (!session) {
    $('sign-in').hidden = true;
    $('link').hidden = false;
    $('signed-in-as').hidden = false;
    armIdleTimer();
    say('enterCode');
    $('invitation-code').focus();
    return;
  }
  await showRecord(session);
}

async function showRecord(session) {
  ownId = session.patientId;
  idleSeconds = session.idleTimeoutSeconds;
  await show(ownId);
}

async function show(id) {
  patientId = id;
  $('amend').hidden = true;
  $('sign-in').hidden = true;
  $('record').hidden = false;
  $('signed-in-as').hidden = false;
  $('acting-note').hidden = !actingFor;
  armIdleTimer();
  await Promise.all([loadDemographics(), loadEntries(), loadAmendments(), loadHistory(), loadDisclosures()]);
  // A representative reads the accounting but does not direct copies to others (ADR 46, 47).
  $('direct-copy').hidden = !!actingFor;
  renderHeadings();
  if (actingFor) say('actingFor', { name: $('acting-for').selectedOptions[0].textContent });
  else say('recordShown');
  $('about-heading').focus();
}

function renderHeadings() {
  $('about-heading').textContent = t(actingFor ? 'aboutThem' : 'aboutMe');
  $('entries-heading').textContent = t(actingFor ? 'theirRecord' : 'myRecord');
}

// The people the user may act for now, by name (each name read acting for that person, so the
// read is theirs to see in their history); the switcher is shown only if there is anyone.
async function buildSwitcher(session) {
  const select = $('acting-for');
  clear(select);
  const grants = (await api('GET', 'portal/proxies/acting-for')).items;
  $('switcher').hidden = grants.length === 0;
  people = null;
  if (!grants.length) return false;
  people = { own: !!session, grants: [] };
  for (const g of grants) {
    actingFor = g.patientId;
    try {
      const p = await api('GET', 'patients/' + encodeURIComponent(g.patientId));
      people.grants.push({ id: g.patientId, name: p.givenName + ' ' + p.familyName, relationship: g.relationship });
    } finally {
      actingFor = null;
    }
  }
  renderSwitcher();
  return true;
}

// The people (names read once) in the current language, keeping the choice.
let people = null;
function renderSwitcher() {
  const select = $('acting-for');
  const chosen = select.value;
  clear(select);
  if (!people) return;
  const option = (value, text) => { const o = document.createElement('option'); o.value = value; o.textContent = text; select.appendChild(o); return o; };
  if (people.own) option('', t('ownRecord'));
  else { const o = option('', t('choosePerson')); o.disabled = true; o.selected = true; }
  for (const g of people.grants) {
    option(g.id, t('personOption', { name: g.name, relationship: t('relationship.' + g.relationship) }));
  }
  if (chosen) select.value = chosen;
}

$('acting-for').addEventListener('change', async () => {
  actingFor = $('acting-for').value || null;
  await show(actingFor || ownId);
});

function signOut(key, params) {
  token = null; patientId = null; amending = null; directing = null; ownId = null; actingFor = null;
  people = null; shown = {};
  clear($('acting-for'));
  $('switcher').hidden = true;
  clearTimeout(idleTimer);
  for (const id of ['demographics', 'amendments']) clear($(id));
  for (const id of ['entries', 'history', 'disclosures']) clear($(id).querySelector('tbody'));
  $('amend').hidden = true;
  $('direct-to').value = ''; $('direct-warning').textContent = '';
  $('direct-confirm').hidden = true; $('direct-copy').hidden = false;
  $('record').hidden = true;
  $('link').hidden = true;
  $('invitation-code').value = '';
  $('signed-in-as').hidden = true;
  $('sign-in').hidden = false;
  say(key, params);
}

// Automatic logoff (HIPAA 164.312(a)(2)(iii)): any use of the page restarts the clock.
function armIdleTimer() {
  clearTimeout(idleTimer);
  if (!token) return;
  idleTimer = setTimeout(() => signOut('idleSignedOut', { seconds: number(idleSeconds) }), idleSeconds * 1000);
}
for (const type of ['click', 'keydown', 'pointerdown', 'touchstart', 'scroll']) {
  document.addEventListener(type, armIdleTimer, { passive: true });
}

// Every item of a paged list: follows `next` until the last page (docs/api.md#paging), so that
// nothing is left out of what the patient sees.
async function everyPage(path) {
  const items = [];
  let after = null;
  do {
    const page = await api('GET', path + '?limit=200' + (after ? '&after=' + encodeURIComponent(after) : ''));
    items.push(...page.items);
    after = page.next || null;
  } while (after);
  return items;
}

// What was read for the person shown, kept in this page's memory only so that a change of language
// renders it again without reading (and auditing) it twice.
let shown = {};
const base = () => 'patients/' + encodeURIComponent(patientId);
async function loadDemographics() { shown.patient = await api('GET', base()); renderDemographics(); }
async function loadEntries() { shown.entries = await everyPage(base() + '/entries'); renderEntries(); }
async function loadAmendments() { shown.amendments = await everyPage(base() + '/amendments'); renderAmendments(); }
async function loadHistory() { shown.accesses = await everyPage(base() + '/access-history'); renderHistory(); }
async function loadDisclosures() { shown.disclosures = await everyPage(base() + '/disclosures'); renderDisclosures(); }

function renderDemographics() {
  const p = shown.patient;
  const list = $('demographics');
  clear(list);
  field(list, t('field.name'), p.givenName + ' ' + p.familyName);
  field(list, t('field.birthDate'), day(p.birthDate));
  field(list, t('field.mrn'), p.mrn);
  field(list, t('field.memberId'), p.memberId);
  field(list, t('field.phone'), p.phone);
  field(list, t('field.email'), p.email);
  if (p.address) field(list, t('field.address'), [p.address.line, p.address.city, p.address.state, p.address.postalCode].filter((x) => x).join(', '));
}

function renderEntries() {
  const entries = shown.entries;
  const body = $('entries').querySelector('tbody');
  clear(body);
  for (const e of entries) {
    const row = document.createElement('tr');
    row.dataset.entry = e.id;
    cell(row, day(e.effectiveDate)); cell(row, kind(e.type)); cell(row, describe(e));
    const details = cell(row, [e.value ? number(e.value.value) + ' ' + e.value.unit : '', e.text || ''].filter((x) => x).join(' – '));
    // Open and denied correction requests stay attached to the entry, with any statement.
    for (const a of e.amendments || []) {
      const note = document.createElement('p');
      note.className = 'entry-amendment';
      note.textContent = t(a.status === 'REQUESTED' ? 'entryRequested'
        : a.disagreementFiled ? 'entryDeniedWithStatement' : 'entryDenied');
      details.appendChild(note);
    }
    cell(row, number(e.version));
    const b = document.createElement('button');
    b.type = 'button'; b.className = 'secondary'; b.textContent = t('askToCorrect');
    b.setAttribute('aria-label', t('askToCorrectEntry', { what: describe(e), date: day(e.effectiveDate) }));
    b.addEventListener('click', () => startAmendment(e));
    cell(row, '').appendChild(b);
    body.appendChild(row);
  }
  labelCells($('entries'));
}

function startAmendment(entry) {
  amending = entry;
  $('amend-what').textContent = describe(entry) + ' (' + day(entry.effectiveDate) + ')';
  $('amend').hidden = false;
  $('amend-reason').value = '';
  $('amend-reason').focus();
}

function renderAmendments() {
  const amendments = shown.amendments;
  const list = $('amendments');
  clear(list);
  for (const a of amendments) {
    const item = document.createElement('li');
    item.dataset.amendment = a.id;
    const line = (text, cls) => { const p = document.createElement('p'); p.textContent = text; if (cls) p.className = cls; item.appendChild(p); };
    line(t('state.' + a.status), 'amendment-status');
    line(t('youAsked', { reason: a.reason }));
    line(t('askedOn', { asked: day(a.requestedAt), due: day(a.dueBy) }) + (a.overdue ? t('overdue') : ''));
    if (a.extensionReason) line(t('extended', { reason: a.extensionReason }));
    if (a.denialReason) line(t('reasonGiven', { reason: a.denialReason }), 'denial-reason');
    if (a.disagreement) line(t('yourStatement', { statement: a.disagreement }), 'disagreement');
    if (a.status === 'DENIED' && !a.disagreement) item.appendChild(disagreementForm(a));
    list.appendChild(item);
  }
  if (!amendments.length) { const li = document.createElement('li'); li.textContent = t('noRequests'); list.appendChild(li); }
}

function disagreementForm(a) {
  const form = document.createElement('form');
  const id = 'disagree-' + a.id;
  const label = document.createElement('label');
  label.htmlFor = id; label.textContent = t('disagreeLabel');
  const text = document.createElement('textarea');
  text.id = id; text.required = true; text.maxLength = 2000; text.rows = 3;
  const send = document.createElement('button');
  send.type = 'submit'; send.textContent = t('fileStatement'); send.className = 'file-disagreement';
  form.append(label, text, send);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    await api('POST', 'amendments/' + encodeURIComponent(a.id) + '/disagreement', { statement: text.value.trim() });
    await Promise.all([loadAmendments(), loadEntries()]);
    say('statementFiled');
  });
  return form;
}

function renderHistory() {
  const accesses = shown.accesses;
  const body = $('history').querySelector('tbody');
  clear(body);
  for (const a of accesses) {
    const row = document.createElement('tr');
    cell(row, moment(a.at));
    cell(row, a.actor ? a.actor + ' (' + a.role + ')' : a.role);
    cell(row, a.organisation); cell(row, a.purposeOfUse); cell(row, a.action + ' ' + a.resource);
    body.appendChild(row);
  }
  labelCells($('history'));
}

function renderDisclosures() {
  const disclosures = shown.disclosures;
  const body = $('disclosures').querySelector('tbody');
  clear(body);
  for (const d of disclosures) {
    const row = document.createElement('tr');
    cell(row, day(d.disclosedAt)); cell(row, d.recipient); cell(row, d.description); cell(row, d.purpose);
    body.appendChild(row);
  }
  labelCells($('disclosures'));
}

// A PDF fetched with the token, handed to the browser's download as a blob and released at once.
async function downloadPdf(path, name) {
  const response = await fetch('../api/' + path, {
    headers: { 'Authorization': 'Bearer ' + token, 'Accept': 'application/pdf' }, cache: 'no-store'
  });
  if (!response.ok) { say('failed', { message: 'HTTP ' + response.status }); return; }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url; a.download = name;
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  say('downloaded');
}

// The demo sign-in (a pasted token) is offered only if the server runs in development mode
// (records.mode=development); in production it answers 404 and the form stays hidden and inert.
// Asked once, synchronously, so the page is complete when it has loaded (no flash of the form).
const demoSignInOffered = (() => {
  try {
    const request = new XMLHttpRequest();
    request.open('GET', '../api/portal/demo-sign-in', false);
    request.send();
    return request.status === 200 && JSON.parse(request.responseText).offered === true;
  } catch (ignored) {
    return false;
  }
})();
$('demo-sign-in').hidden = !demoSignInOffered;

$('demo-sign-in').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!demoSignInOffered) return;
  const value = $('token').value.trim();
  $('token').value = '';
  await signIn(value);
});

$('link').addEventListener('submit', async (e) => {
  e.preventDefault();
  const code = $('invitation-code').value.trim();
  $('invitation-code').value = '';
  await api('POST', 'portal/link', { code });
  $('link').hidden = true;
  const session = await api('GET', 'portal/session');
  await buildSwitcher(session);
  await showRecord(session);
});

$('sign-out').addEventListener('click', () => signOut('signedOut'));

// A change of language renders what is on the page again from memory; nothing is read anew.
$('language').addEventListener('change', () => {
  applyLanguage($('language').value);
  renderSwitcher();
  if (patientId) {
    renderHeadings(); renderDemographics(); renderEntries(); renderAmendments(); renderHistory(); renderDisclosures();
    if (directing) $('direct-warning').textContent = t('directWarning', { recipient: directing.recipient });
    if (amending) $('amend-what').textContent = describe(amending) + ' (' + day(amending.effectiveDate) + ')';
  }
  if (said && said.key === 'actingFor') said.params = { name: $('acting-for').selectedOptions[0].textContent };
  if (said) say(said.key, said.params);
});

$('amend').addEventListener('submit', async (e) => {
  e.preventDefault();
  await api('POST', 'patients/' + encodeURIComponent(patientId) + '/amendments',
    { entryId: amending.id, reason: $('amend-reason').value.trim() });
  $('amend').hidden = true;
  await Promise.all([loadAmendments(), loadEntries()]);
  say('requestSent');
});
$('cancel-amendment').addEventListener('click', () => { $('amend').hidden = true; amending = null; });

$('download').addEventListener('click', async () => {
  const json = await api('GET', 'patients/' + encodeURIComponent(patientId) + '/export', undefined, 'application/fhir+json');
  // A blob in memory, handed to the browser's download and released at once.
  const url = URL.createObjectURL(new Blob([json], { type: 'application/fhir+json' }));
  const a = document.createElement('a');
  a.href = url; a.download = 'health-record.fhir.json';
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  say('recordDownloaded');
});

$('download-pdf').addEventListener('click', () =>
  downloadPdf('patients/' + encodeURIComponent(patientId) + '/export/pdf', 'health-record.pdf'));
$('download-accounting').addEventListener('click', () =>
  downloadPdf('patients/' + encodeURIComponent(patientId) + '/disclosures/document', 'disclosures.pdf'));

// A copy sent to someone else: nothing is sent until the patient has read the warning and confirms.
$('direct-copy').addEventListener('submit', async (e) => {
  e.preventDefault();
  directing = await api('POST', 'patients/' + encodeURIComponent(patientId) + '/directed-copies',
    { recipient: $('direct-to').value.trim() });
  // The server's warning (DirectedCopy.WARNING), in the reader's language.
  $('direct-warning').textContent = t('directWarning', { recipient: directing.recipient });
  $('direct-copy').hidden = true;
  $('direct-confirm').hidden = false;
});
$('direct-confirm').addEventListener('submit', async (e) => {
  e.preventDefault();
  await api('POST', 'patients/' + encodeURIComponent(patientId) + '/directed-copies/'
    + encodeURIComponent(directing.id) + '/confirmation');
  directing = null;
  $('direct-to').value = '';
  $('direct-confirm').hidden = true;
  $('direct-copy').hidden = false;
  await loadDisclosures();
  say('copySent');
});
$('direct-cancel').addEventListener('click', () => {
  directing = null;
  $('direct-confirm').hidden = true;
  $('direct-copy').hidden = false;
});

// Sign-in with the tenant's own identity provider: OpenID Connect authorization code flow with
// PKCE, run entirely in this page. Only the flow's one-time secrets (verifier, state, nonce) cross
// the redirect, in this tab's session storage, and are deleted on return.
const FLOW = 'portal.oidc';
const query = new URLSearchParams(location.search);
const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
  .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const randomString = () => b64url(crypto.getRandomValues(new Uint8Array(32)));
const redirectUri = () => location.origin + location.pathname;

function claimsOf(jwt) {
  const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(atob(part + '='.repeat((4 - part.length % 4) % 4)));
}

async function discover(issuer) {
  const r = await fetch(issuer.replace(/\/$/, '') + '/.well-known/openid-configuration', { cache: 'no-store' });
  if (!r.ok) throw new Error('discovery failed');
  return r.json();
}

async function startOidc(client, tenant) {
  const meta = await discover(client.issuer);
  const verifier = randomString(), state = randomString(), nonce = randomString();
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(FLOW, JSON.stringify({ verifier, state, nonce, tenant }));
  const url = new URL(meta.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: client.clientId, redirect_uri: redirectUri(), scope: 'openid',
    state, nonce, code_challenge: challenge, code_challenge_method: 'S256'
  }).toString();
  location.assign(url.toString());
}

async function finishOidc(client, saved) {
  const code = query.get('code');
  const returnedState = query.get('state');
  history.replaceState(null, '', redirectUri() + '?tenant=' + encodeURIComponent(saved.tenant));
  if (saved.state !== returnedState) { say('stateMismatch'); return; }
  const meta = await discover(client.issuer);
  const r = await fetch(meta.token_endpoint, {
    method: 'POST', cache: 'no-store',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: redirectUri(),
      client_id: client.clientId, code_verifier: saved.verifier
    }).toString()
  });
  if (!r.ok) { say('idpFailed', { status: r.status }); return; }
  const tokens = await r.json();
  if (!tokens.id_token || claimsOf(tokens.id_token).nonce !== saved.nonce) {
    say('nonceMismatch');
    return;
  }
  await signIn(tokens.access_token);
}

(async function offerOidc() {
  const saved = JSON.parse(sessionStorage.getItem(FLOW) || 'null');
  sessionStorage.removeItem(FLOW);
  const tenant = query.get('tenant') || (saved && saved.tenant);
  if (!tenant) return;
  const r = await fetch('../api/portal/sign-in/' + encodeURIComponent(tenant), { cache: 'no-store' });
  if (!r.ok) return;
  const client = await r.json();
  $('oidc-name').textContent = client.organisation;
  $('oidc').hidden = false;
  const failed = (e) => say('oidcFailed', { organisation: client.organisation, message: e.message });
  $('oidc-sign-in').addEventListener('click', () => startOidc(client, tenant).catch(failed));
  if (saved && query.get('code')) await finishOidc(client, saved).catch(failed);
})();
