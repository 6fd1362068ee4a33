// Search across the viewer's projects with search-service's operators (from:, kind:, in:, before:, after:, "phrases"),
// matches highlighted; a result opens the message in its place in the history.
import { api } from './api.js';
import { el, when, ROLE_NAMES } from './format.js';

/** A highlight fragment (search-service marks matches with <em>) as text with <mark>s: nothing in it is taken as HTML. */
function highlighted(fragment) {
  const parts = fragment.split(/(<em>|<\/em>)/);
  const out = [];
  let marking = false;
  for (const part of parts) {
    if (part === '<em>') marking = true;
    else if (part === '</em>') marking = false;
    else if (part) out.push(marking ? el('mark', {}, part) : document.createTextNode(part));
  }
  return out;
}

export function startSearch() {
  const form = document.getElementById('search-form');
  const input = document.getElementById('search-q');
  const panel = document.getElementById('search-panel');
  const list = document.getElementById('search-results');
  const status = document.getElementById('search-status');
  document.getElementById('search-close').onclick = () => { panel.hidden = true; };
  form.onsubmit = async (e) => {
    e.preventDefault();
    if (!input.value.trim()) return;
    panel.hidden = false;
    status.textContent = 'Searching…';
    list.replaceChildren();
    try {
      const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const page = await api('search', `/search?q=${encodeURIComponent(input.value)}&tz=${encodeURIComponent(tz)}&limit=50`);
      status.textContent = page.total === 0 ? 'Nothing found.'
        : `${page.total}${page.totalExact ? '' : '+'} message${page.total === 1 ? '' : 's'}`;
      list.replaceChildren(...page.hits.map((hit) => el('li', {},
        el('a', {
          href: `#/projects/${encodeURIComponent(hit.projectId)}/messages/${encodeURIComponent(hit.messageId)}`,
          'data-message-id': hit.messageId, onclick: () => { panel.hidden = true; },
        },
        el('span', { class: 'name' }, hit.authorName || hit.authorId), ' ',
        el('span', { class: 'role' }, ROLE_NAMES[hit.authorRole] || ''), ' · ', hit.projectId, ' · ',
        el('time', { datetime: hit.postedAt }, when(hit.postedAt))),
        el('div', { class: 'snippet' }, ...(hit.highlights.length ? hit.highlights.flatMap((h) => [...highlighted(h), ' … '])
          : [hit.body || ''])))));
    } catch (err) {
      status.textContent = err.message;
    }
  };
}
