'use strict';
// Plain JavaScript over the tenant-admin REST API. The token lives only in this variable.
let token = null;
const $ = (id) => document.getElementById(id);
const status = (text) => { $('status').textContent = text; };

async function api(method, path, body) {
  if (!token) { status('Enter a token first.'); throw new Error('no token'); }
  const response = await fetch('api/' + path, {
    method,
    headers: Object.assign({ 'Authorization': 'Bearer ' + token },
      body === undefined ? {} : { 'Content-Type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const message = json && json.title ? json.title + ' (' + json.code + ')' : 'HTTP ' + response.status;
    if (response.status === 401) {
      // Expired, or logged off by the server after records.admin.idle-timeout-seconds idle.
      token = null;
      status('Signed out: ' + message + ' Enter a new token.');
    } else {
      status('Refused: ' + message);
    }
    throw new Error(message);
  }
  return json;
}

function cell(row, text) { const td = document.createElement('td'); td.textContent = text; row.appendChild(td); return td; }

function actionButton(td, label, handler) {
  const b = document.createElement('button');
  b.type = 'button'; b.textContent = label; b.addEventListener('click', handler); td.appendChild(b);
}

// Every tenant: follows `next` until the last page (docs/api.md#paging).
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

async function refreshTenants() {
  const tenants = await everyPage('tenants');
  const body = $('tenants').querySelector('tbody');
  body.replaceChildren();
  for (const t of tenants) {
    const row = document.createElement('tr');
    row.dataset.tenant = t.id;
    cell(row, t.id); cell(row, t.displayName); cell(row, t.residency || '');
    cell(row, t.identityProviderIssuer || 'platform');
    cell(row, t.offboardingAt ? t.status + ', offboarding from ' + t.offboardingAt : t.status).className = 'status';
    const actions = cell(row, '');
    if (t.status === 'ACTIVE') actionButton(actions, 'Suspend ' + t.id, () => lifecycle(t.id, 'suspend'));
    if (t.status === 'SUSPENDED') actionButton(actions, 'Reactivate ' + t.id, () => lifecycle(t.id, 'reactivate'));
    if (t.status === 'ACTIVE' || t.status === 'SUSPENDED') actionButton(actions, 'Offboard ' + t.id, () => requestOffboarding(t.id));
    if (t.offboardingAt) actionButton(actions, 'Cancel offboarding of ' + t.id, () => cancelOffboarding(t.id));
    body.appendChild(row);
  }
  status(tenants.length + ' tenant(s).');
}

async function lifecycle(id, action) {
  const t = await api('POST', 'tenants/' + encodeURIComponent(id) + '/' + action);
  status(t.id + ' is now ' + t.status + '.');
  await refreshTenants();
}

async function requestOffboarding(id) {
  const ticket = await api('POST', 'tenants/' + encodeURIComponent(id) + '/offboarding');
  $('offboard-tenant').textContent = id;
  $('offboard-code').textContent = ticket.confirmation;
  $('offboarding').hidden = false;
  status('Offboarding requested for ' + id + '; a second administrator approves it within 15 minutes.');
}

async function cancelOffboarding(id) {
  const t = await api('DELETE', 'tenants/' + encodeURIComponent(id) + '/offboarding');
  status('Offboarding of ' + t.id + ' cancelled; it is ' + t.status + '.');
  await refreshTenants();
}

$('signin').addEventListener('submit', (e) => {
  e.preventDefault();
  token = $('token').value.trim();
  $('token').value = '';
  status('Token in use.');
});

$('onboard').addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = {
    id: $('tenant-id').value.trim(),
    displayName: $('tenant-name').value.trim(),
    contact: $('tenant-contact').value.trim(),
    residency: $('tenant-residency').value.trim(),
    firstAdmin: $('tenant-first-admin').value.trim()
  };
  const issuer = $('idp-issuer').value.trim();
  if (issuer) {
    body.identityProvider = { issuer };
    const pem = $('idp-key').value.trim();
    if (pem) body.identityProvider.publicKeyPem = pem; else body.identityProvider.jwksUri = $('idp-jwks').value.trim();
    const client = $('idp-portal-client').value.trim();
    if (client) body.identityProvider.portalClientId = client;
  }
  const t = await api('POST', 'tenants', body);
  status('Onboarded ' + t.id + ' (' + t.status + ').');
  await refreshTenants();
});

$('refresh-tenants').addEventListener('click', () => refreshTenants());

$('confirm-offboarding').addEventListener('submit', async (e) => {
  e.preventDefault();
  const t = await api('POST', 'tenants/' + encodeURIComponent($('offboard-id').value.trim()) + '/offboarding/confirm',
    { confirmation: $('confirmation').value.trim() });
  $('offboarding').hidden = true;
  $('confirmation').value = '';
  status(t.offboardingAt ? 'Offboarding of ' + t.id + ' approved; it may start from ' + t.offboardingAt + '.'
    : t.id + ' is now ' + t.status + '.');
  await refreshTenants();
});

$('load-settings').addEventListener('click', async () => {
  const s = await api('GET', 'settings/alerts');
  $('window-minutes').value = s.windowMinutes;
  $('distinct-patients').value = s.distinctPatients;
  $('denials').value = s.denials;
  $('working-hours').value = s.workingHours || '';
  $('zone').value = s.zone;
  status('Settings loaded.');
});

$('settings').addEventListener('submit', async (e) => {
  e.preventDefault();
  const hours = $('working-hours').value.trim();
  const body = {
    windowMinutes: Number($('window-minutes').value),
    distinctPatients: Number($('distinct-patients').value),
    denials: Number($('denials').value),
    zone: $('zone').value.trim()
  };
  if (hours) body.workingHours = hours;
  await api('PUT', 'settings/alerts', body);
  status('Settings saved.');
});

function formatGroups(mapping) {
  return mapping.groups.map((g) => g.group + ' = ' + g.roles.join(', ')).join('\n');
}

function parseGroups(text) {
  const groups = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const at = line.lastIndexOf('=');
    if (at < 1) { status('Each line needs "group = role, role".'); throw new Error('bad line'); }
    groups.push({
      group: line.slice(0, at).trim(),
      roles: line.slice(at + 1).split(',').map((r) => r.trim()).filter((r) => r)
    });
  }
  return { groups };
}

// Pending grants of PHI roles (ADR 22): approve or reject by another admin, withdraw by the requester.
async function refreshChanges() {
  const changes = (await api('GET', 'settings/group-mapping/changes')).items;
  const body = $('mapping-changes').querySelector('tbody');
  body.replaceChildren();
  for (const c of changes) {
    const row = document.createElement('tr');
    row.dataset.group = c.group;
    cell(row, c.group); cell(row, c.roles.join(', ')); cell(row, c.requestedBy); cell(row, c.expiresAt);
    const actions = cell(row, '');
    actionButton(actions, 'Approve ' + c.group, () => decide(c, 'POST', 'settings/group-mapping/changes/' + c.id + '/approval', 'approved'));
    actionButton(actions, 'Withdraw or reject ' + c.group, () => decide(c, 'DELETE', 'settings/group-mapping/changes/' + c.id, 'removed'));
    body.appendChild(row);
  }
  return changes.length;
}

async function decide(change, method, path, done) {
  const mapping = await api(method, path);
  if (mapping) $('groups').value = formatGroups(mapping);
  await refreshChanges();
  status('Change of ' + change.group + ' ' + done + '.');
}

$('load-access').addEventListener('click', async () => {
  $('groups').value = formatGroups(await api('GET', 'settings/group-mapping'));
  $('retention-years').value = (await api('GET', 'settings/audit-retention')).years;
  await refreshChanges();
  status('Groups and retention loaded.');
});

$('group-mapping').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('groups').value = formatGroups(await api('PUT', 'settings/group-mapping', parseGroups($('groups').value)));
  const pending = await refreshChanges();
  status(pending ? 'Groups saved; ' + pending + ' change(s) await another administrator\'s approval.' : 'Groups saved.');
});

$('retention').addEventListener('submit', async (e) => {
  e.preventDefault();
  const r = await api('PUT', 'settings/audit-retention', { years: Number($('retention-years').value) });
  $('retention-years').value = r.years;
  status('Retention saved.');
});

// System clients (ADR 39): the tenant's own scope-table rows are kept as loaded.
let scopeRows = [];

function formatClients(s) {
  scopeRows = s.scopeTable;
  return s.clients
    .map((c) => c.clientId + (c.subject !== c.clientId ? ' ' + c.subject : '') + ' = ' + c.scopes.join(' '))
    .join('\n');
}

function parseClients(text) {
  const clients = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const at = line.indexOf('=');
    if (at < 1) { status('Each line needs "client-id [subject] = scope scope".'); throw new Error('bad line'); }
    const names = line.slice(0, at).trim().split(/\s+/);
    const client = { clientId: names[0], scopes: line.slice(at + 1).split(/\s+/).filter((w) => w) };
    if (names.length > 1) client.subject = names[1];
    clients.push(client);
  }
  return { clients, scopeTable: scopeRows };
}

$('load-clients').addEventListener('click', async () => {
  $('clients').value = formatClients(await api('GET', 'settings/system-clients'));
  status('System clients loaded.');
});

$('system-clients').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('clients').value = formatClients(await api('PUT', 'settings/system-clients', parseClients($('clients').value)));
  status('System clients saved.');
});

// The organisation tree (ADR 25): every page of the list, nested by parent.
async function refreshOrganisations() {
  const all = await everyPage('organisations');
  const children = new Map();
  for (const o of all) {
    const parent = o.parent || '';
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(o);
  }
  const render = (parent, list, seen) => {
    for (const o of children.get(parent) || []) {
      if (seen.has(o.id)) continue;
      seen.add(o.id);
      const item = document.createElement('li');
      item.dataset.organisation = o.id;
      const label = document.createElement('span');
      label.className = 'name';
      label.textContent = o.displayName + ' (' + o.id + ', ' + o.kind.toLowerCase().replace('_', ' ') + ') ';
      item.appendChild(label);
      const state = document.createElement('span');
      state.className = 'status';
      state.textContent = o.status;
      item.appendChild(state);
      if (o.status === 'ACTIVE') actionButton(item, 'Suspend ' + o.id, () => organisationAction(o.id, 'suspend'));
      if (o.status === 'SUSPENDED') actionButton(item, 'Reactivate ' + o.id, () => organisationAction(o.id, 'reactivate'));
      if (o.status !== 'CLOSED') actionButton(item, 'Close ' + o.id, () => organisationAction(o.id, 'close'));
      const below = document.createElement('ul');
      render(o.id, below, seen);
      if (below.children.length) item.appendChild(below);
      list.appendChild(item);
    }
  };
  const tree = $('organisations');
  tree.replaceChildren();
  render('', tree, new Set());
  status(all.length + ' organisation(s).');
}

async function organisationAction(id, action) {
  const o = await api('POST', 'organisations/' + encodeURIComponent(id) + '/' + action);
  await refreshOrganisations();
  status(o.id + ' is now ' + o.status + '.');
}

$('create-organisation').addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = { id: $('org-id').value.trim(), displayName: $('org-name').value.trim(), kind: $('org-kind').value };
  const parent = $('org-parent').value.trim();
  if (parent) body.parent = parent;
  const o = await api('POST', 'organisations', body);
  await refreshOrganisations();
  status('Created ' + o.id + '.');
});

$('rename-organisation').addEventListener('submit', async (e) => {
  e.preventDefault();
  const o = await api('POST', 'organisations/' + encodeURIComponent($('rename-id').value.trim()) + '/rename',
    { displayName: $('rename-name').value.trim() });
  await refreshOrganisations();
  status('Renamed ' + o.id + '.');
});

$('refresh-organisations').addEventListener('click', () => refreshOrganisations());

// Grants (ADR 29): roles at organisations; the organisation is picked from the tree.
async function refreshGrantOrganisations() {
  const all = await everyPage('organisations');
  const byParent = new Map();
  for (const o of all) {
    const parent = o.parent || '';
    if (!byParent.has(parent)) byParent.set(parent, []);
    byParent.get(parent).push(o);
  }
  const select = $('grant-organisation');
  const chosen = select.value;
  select.replaceChildren(new Option('The whole tenant', ''));
  const add = (parent, depth, seen) => {
    for (const o of byParent.get(parent) || []) {
      if (seen.has(o.id) || o.status === 'CLOSED') continue;
      seen.add(o.id);
      select.appendChild(new Option('\u00a0\u00a0'.repeat(depth) + o.displayName + ' (' + o.id + ')', o.id));
      add(o.id, depth + 1, seen);
    }
  };
  add('', 0, new Set());
  select.value = chosen;
  return new Map(all.map((o) => [o.id, o.displayName]));
}

async function refreshGrants() {
  const names = await refreshGrantOrganisations();
  const grants = await everyPage('grants');
  const body = $('grants').querySelector('tbody');
  body.replaceChildren();
  for (const g of grants) {
    const row = document.createElement('tr');
    row.dataset.grant = g.id;
    row.dataset.principal = g.principal;
    const label = g.principal + ' (' + g.principalKind.toLowerCase() + ')';
    cell(row, label); cell(row, g.role);
    cell(row, g.organisation ? (names.get(g.organisation) || g.organisation) : 'whole tenant');
    cell(row, g.status).className = 'status';
    cell(row, g.requestedBy);
    const actions = cell(row, '');
    if (g.status === 'PENDING') actionButton(actions, 'Approve ' + g.role + ' for ' + g.principal, () => grantAction(g, 'POST', '/approval', 'approved'));
    actionButton(actions, (g.status === 'PENDING' ? 'Withdraw or reject ' : 'Revoke ') + g.role + ' for ' + g.principal,
      () => grantAction(g, 'DELETE', '', 'removed'));
    body.appendChild(row);
  }
  status(grants.length + ' grant(s).');
}

async function grantAction(grant, method, suffix, done) {
  await api(method, 'grants/' + encodeURIComponent(grant.id) + suffix);
  await refreshGrants();
  status('Grant of ' + grant.role + ' for ' + grant.principal + ' ' + done + '.');
}

$('refresh-grants').addEventListener('click', () => refreshGrants());

$('create-grant').addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = { principalKind: $('grant-kind').value, principal: $('grant-principal').value.trim(), role: $('grant-role').value };
  const organisation = $('grant-organisation').value;
  if (organisation) body.organisation = organisation;
  const g = await api('POST', 'grants', body);
  await refreshGrants();
  status(g.status === 'PENDING'
    ? 'Grant of ' + g.role + ' for ' + g.principal + ' awaits another administrator\'s approval.'
    : 'Granted ' + g.role + ' to ' + g.principal + '.');
});
