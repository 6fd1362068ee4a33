// Who is in the project: role, local time, available now or not, Do Not Disturb, when next available.
import { api, download } from './api.js';
import { el, when, ROLE_NAMES } from './format.js';

const clock = (localTime) => localTime ? localTime.slice(11, 16) : '';

export async function showParticipants(projectId) {
  const list = document.getElementById('participant-list');
  try {
    const people = await api('notifications', `/projects/${encodeURIComponent(projectId)}/availability`);
    list.replaceChildren(...people.map((p) => {
      let state;
      if (p.dndUntil && new Date(p.dndUntil) > new Date()) state = `Do Not Disturb until ${when(p.dndUntil)}`;
      else if (p.availableNow) state = 'Available';
      else state = p.nextAvailableAt ? `Away, back ${when(p.nextAvailableAt)}` : 'Away';
      return el('li', { 'data-user-id': p.userId },
        el('span', { class: 'name' }, p.displayName || p.userId), ' ',
        el('span', { class: 'role' }, ROLE_NAMES[p.role] || p.role || ''),
        el('div', { class: 'presence' + (p.availableNow ? ' available' : '') },
          `${state}${p.localTime ? ` · ${clock(p.localTime)} local time${p.timeZone ? ` (${p.timeZone})` : ''}` : ''}`));
    }));
  } catch (e) {
    list.replaceChildren(el('li', {}, e.message));
  }
}

/** The history the viewer may see, exported by chat-service as JSON Lines, CSV or HTML. */
export function startExport(projectId) {
  for (const button of document.querySelectorAll('[data-export]')) {
    const format = button.dataset.export;
    button.onclick = () => download('chat', `/projects/${encodeURIComponent(projectId)}/export?format=${format}`,
      `${projectId}.${format === 'jsonl' ? 'jsonl' : format}`).catch((e) => alert(e.message));
  }
}
