// The bell: the in-app feed of notification-service, its unread count, live.
import { api, follow } from './api.js';
import { el, when } from './format.js';

export class Bell {
  constructor() {
    this.button = document.getElementById('bell');
    this.count = document.getElementById('bell-count');
    this.panel = document.getElementById('feed');
    this.list = document.getElementById('feed-list');
    this.button.onclick = () => this.toggle();
    document.getElementById('feed-read-all').onclick = () => this.readAll();
  }

  async start() {
    // each (re)connection reads the count again: what arrived while the stream was not open is counted too
    this.stop = follow('notifications', '/notifications/stream', () => this.refresh(), (state) => {
      if (state === 'live') this.refresh();
    });
  }

  async refresh() {
    const { unread: count } = await api('notifications', '/notifications/unread-count').catch(() => ({ unread: 0 }));
    this.count.hidden = !count;
    this.count.textContent = String(count);
    this.button.setAttribute('aria-label', count ? `Notifications, ${count} unread` : 'Notifications');
    if (!this.panel.hidden) await this.load();
  }

  async toggle() {
    this.panel.hidden = !this.panel.hidden;
    this.button.setAttribute('aria-expanded', String(!this.panel.hidden));
    if (!this.panel.hidden) await this.load();
  }

  async load() {
    const page = await api('notifications', '/notifications?limit=50');
    const REASONS = { MENTION: 'mentioned you', CHANNEL: 'wrote to @channel', ROLE: 'mentioned your role', BLOCKER: 'reported a blocker',
      QUESTION: 'asked a question', ESCALATION: 'escalated', ALL: 'wrote' };
    this.list.replaceChildren(...page.items.map((n) => el('li', { class: n.readAt ? '' : 'unread-item', 'data-item-id': n.id },
      el('a', { href: `#/projects/${encodeURIComponent(n.projectId)}`, onclick: () => this.read([n.id]) },
        `${n.author?.displayName || 'Someone'} ${REASONS[n.reason] || 'wrote'} in ${n.projectTitle || n.projectId}`,
        n.urgent ? ' (urgent)' : ''),
      el('div', {}, n.excerpt || ''),
      el('time', { datetime: n.createdAt }, n.createdAt ? when(n.createdAt) : ''))));
  }

  async read(ids) {
    await api('notifications', '/notifications/read', { method: 'POST', body: { ids } }).catch(() => {});
    this.refresh();
  }

  async readAll() {
    await api('notifications', '/notifications/read', { method: 'POST', body: { all: true } }).catch(() => {});
    this.refresh();
  }
}
