// The projects the viewer takes part in, with unread counts.
import { api } from './api.js';
import { el } from './format.js';

export async function showProjects(current) {
  const unread = await api('chat', '/me/unread');
  const list = document.getElementById('project-list');
  list.replaceChildren(...unread.projects.map((p) => el('li', {},
    el('a', { href: `#/projects/${encodeURIComponent(p.projectId)}`, 'data-project-id': p.projectId,
      'aria-current': p.projectId === current ? 'page' : null },
      el('span', {}, p.title || p.projectId),
      p.unread > 0 && p.projectId !== current
        ? el('span', { class: 'unread', 'aria-label': `${p.unread} unread` }, String(p.unread)) : null))));
  return unread.projects;
}
