// Every pending deadline, soonest first, breaches marked.
import { api } from './api.js';
import { cell, label, minutes, when } from './format.js';

const body = document.querySelector('#deadlines tbody');

export async function loadDeadlines() {
  const projectId = document.getElementById('filter-project').value.trim();
  const deadlines = await api(`/deadlines?limit=200${projectId ? `&projectId=${encodeURIComponent(projectId)}` : ''}`);
  body.replaceChildren(...deadlines.map((d) => {
    const tr = document.createElement('tr');
    tr.dataset.deadlineId = d.deadlineId;
    if (d.breached) tr.className = 'breached';
    tr.append(
      cell(when(d.dueAt)),
      cell(label(d.kind)),
      cell(d.projectId),
      cell(label(d.responsibleRole)),
      cell(when(d.warnAt)),
      cell(`${minutes(d.remainingMinutes)}${d.businessTime ? ' (business)' : ''}`),
      cell(d.breached ? 'BREACHED' : d.state),
    );
    return tr;
  }));
  document.getElementById('count-overdue').textContent = deadlines.filter((d) => d.breached && d.state !== 'BREACHED').length;
}
