// The cases table: filters, pages, and the actions ops and account managers take.
import { api, download } from './api.js';
import { age, cell, label, when } from './format.js';

const body = document.querySelector('#cases tbody');
const more = document.getElementById('more');
const empty = document.getElementById('cases-empty');
const dialog = document.getElementById('action-dialog');
let cursor = null;

function query() {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(document.getElementById('filters'))) {
    if (value) params.set(name, value);
  }
  return params;
}

export async function loadCases(append = false) {
  const params = query();
  params.set('limit', '50');
  if (append && cursor) params.set('cursor', cursor);
  const page = await api(`/cases?${params}`);
  if (!append) body.replaceChildren();
  const now = page.asOf ? new Date(page.asOf).getTime() : Date.now();
  page.items.forEach((c) => body.append(row(c, now)));
  cursor = page.nextCursor;
  more.hidden = !cursor;
  empty.hidden = body.children.length > 0;
}

function row(c, now) {
  const tr = document.createElement('tr');
  tr.dataset.caseId = c.caseId;
  const overdue = c.nextDeadline && new Date(c.nextDeadline).getTime() <= now;
  tr.append(
    cell(label(c.reason)),
    cell(c.projectId),
    cell(age(c.openedAt, now)),
    cell(c.raisedByName || c.raisedBy || (c.trigger === 'MANUAL' ? '—' : 'timer')),
    cell(c.ownerName || c.owner || 'nobody yet'),
    cell(c.nextDeadline ? when(c.nextDeadline) : '—', overdue ? 'breached' : undefined),
    cell(c.status, 'status'),
  );
  const actions = document.createElement('td');
  actions.className = 'actions';
  if (c.status !== 'RESOLVED') {
    actions.append(button('Acknowledge', c, () => act(c, 'acknowledge')));
    actions.append(button('Note', c, () => ask(c, 'note')));
    actions.append(button('Resolve', c, () => ask(c, 'resolve')));
  } else {
    actions.append(button('Reopen', c, () => ask(c, 'reopen')));
  }
  tr.append(actions);
  return tr;
}

function button(text, c, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.setAttribute('aria-label', `${text} case ${label(c.reason)} in ${c.projectId}`);
  b.addEventListener('click', onClick);
  return b;
}

async function act(c, action, body) {
  await api(`/cases/${encodeURIComponent(c.caseId)}/${action}`, { method: 'POST', body });
  await loadCases();
}

/** The dialog for a note, a resolution or a reopening; Escape or Cancel closes it. */
function ask(c, kind) {
  const titles = { note: 'Add a note', resolve: 'Resolve the case', reopen: 'Reopen the case' };
  const fields = { note: 'Note (ops and account managers only)', resolve: 'Summary', reopen: 'Why reopen it' };
  document.getElementById('action-title').textContent = `${titles[kind]} — ${label(c.reason)}, ${c.projectId}`;
  document.getElementById('action-text-label').textContent = fields[kind];
  document.getElementById('field-outcome').hidden = kind !== 'resolve';
  const text = document.getElementById('action-text');
  text.value = '';
  text.required = kind === 'note';
  document.getElementById('action-error').textContent = '';
  dialog.dataset.caseId = c.caseId;
  dialog.onsubmit = async (event) => {
    event.preventDefault();
    try {
      if (kind === 'note') await act(c, 'notes', { body: text.value });
      if (kind === 'resolve') await act(c, 'resolve', { outcome: document.getElementById('action-outcome').value, summary: text.value });
      if (kind === 'reopen') await act(c, 'reopen', { reason: text.value });
      dialog.close();
    } catch (e) {
      document.getElementById('action-error').textContent = e.message;
    }
  };
  dialog.showModal();
  text.focus();
}

export function wireCases(onError) {
  document.getElementById('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    loadCases().catch(onError);
  });
  more.addEventListener('click', () => loadCases(true).catch(onError));
  document.getElementById('action-cancel').addEventListener('click', () => dialog.close());
  document.getElementById('export-csv').addEventListener('click', () => {
    const params = query();
    params.delete('sort');
    download(`/cases.csv?${params}`, 'escalation-cases.csv').catch(onError);
  });
}
