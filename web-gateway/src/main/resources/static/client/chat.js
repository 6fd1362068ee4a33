// One project's chat: history (older pages as you scroll up), live updates, optimistic sending, edit and delete.
import { api, follow, claims, DRAFT } from './api.js';
import { render } from './markdown.js';
import { el, when, ROLE_NAMES, KIND_NAMES } from './format.js';
import { Composer } from './composer.js';
import { renderFiles } from './attachments.js';
import { Escalation } from './escalate.js';
import { showParticipants, startExport } from './participants.js';

const PAGE = 50;
const VISIBILITY_NAMES = { EVERYONE: 'Everyone', CLIENT_INTERNAL: 'Client side only', INTERNAL: 'Internal note (ops only)' };

export class Chat {
  constructor(projectId, onState) {
    this.projectId = projectId;
    this.onState = onState;
    this.me = claims().sub;
    // what this person typed here and has not got stored yet: the composer's draft, and sends with no answer
    this.draftKey = `${DRAFT}${this.me}.${projectId}`;
    this.unsentKey = `${this.draftKey}.unsent`;
    this.staff = (claims().roles || []).includes('PLATFORM_OPS') || (claims().roles || []).includes('ADMIN');
    this.shown = new Map(); // messageId -> element
    this.pending = new Map(); // clientMessageId -> element
    this.nextBefore = null;
    this.lastPosition = 0;
    this.list = document.getElementById('messages');
    this.history = document.getElementById('history');
    this.older = document.getElementById('older');
  }

  async open() {
    this.list.replaceChildren();
    this.roster = await api('chat', `/projects/${encodeURIComponent(this.projectId)}/participants`);
    const mine = this.roster.find((m) => m.userId === this.me);
    this.role = mine?.role;
    this.composer = new Composer(this, this.visibilities());
    this.escalation = new Escalation(this);
    startExport(this.projectId);
    const people = document.getElementById('people');
    const toggle = document.getElementById('people-toggle');
    toggle.onclick = () => {
      people.hidden = !people.hidden;
      toggle.setAttribute('aria-expanded', String(!people.hidden));
      if (!people.hidden) showParticipants(this.projectId);
    };
    if (!people.hidden) showParticipants(this.projectId);
    const seesDashboard = this.staff || this.role === 'PLATFORM_OPS' || this.role === 'ACCOUNT_MANAGER';
    document.getElementById('dashboard-link').hidden = !seesDashboard;
    const project = encodeURIComponent(this.projectId);
    const [page, unread] = await Promise.all([api('chat', `/projects/${project}/messages?limit=${PAGE}`),
      api('chat', `/projects/${project}/unread`).catch(() => null)]);
    for (const message of page.items) this.show(message, 'top');
    this.nextBefore = page.nextBefore;
    this.older.hidden = !this.nextBefore;
    this.older.onclick = () => this.loadOlder();
    this.history.onscroll = () => {
      if (this.history.scrollTop < 40 && this.nextBefore && !this.loading) this.loadOlder();
    };
    this.resumeUnsent();
    const divider = this.markNew(unread);
    // the end, unless what is new is more than a screenful: then its beginning
    this.scrollToEnd();
    if (divider) {
      const top = divider.getBoundingClientRect().top - this.history.getBoundingClientRect().top + this.history.scrollTop;
      if (this.history.scrollHeight - top > this.history.clientHeight) this.history.scrollTop = top;
    }
    performance.mark('chat-ready'); // the first page is on screen and the composer takes input (the web benchmark reads it)
    this.markRead();
    // what arrives while the tab is hidden stays unread until the person comes back to it, as in Slack or Mattermost
    this.onVisibility = () => this.markRead();
    document.addEventListener('visibilitychange', this.onVisibility);
    this.stop = follow('chat', `/projects/${project}/stream`, (e) => this.onEvent(e), this.onState);
  }

  /**
   * A "New messages" line above the first message someone else wrote since you last read this project, as in Slack or
   * Mattermost; it stays while the chat is open. Returns it, or null when there is nothing new.
   */
  markNew(unread) {
    if (!unread || !unread.unread) return null;
    const first = [...this.list.querySelectorAll('li.message[data-position]')].find((li) =>
      Number(li.dataset.position) > unread.readUpTo && li.dataset.author !== this.me);
    if (!first) return null;
    const divider = el('li', { class: 'new-messages', role: 'separator' }, 'New messages');
    first.before(divider);
    return divider;
  }

  close() {
    if (this.onVisibility) document.removeEventListener('visibilitychange', this.onVisibility);
    if (this.stop) this.stop();
    if (this.composer) this.composer.close();
  }

  /** The visibilities the viewer may write with: what they may read. */
  visibilities() {
    const options = ['EVERYONE'];
    const clientSide = this.role === 'CLIENT' || this.role === 'ACCOUNT_MANAGER';
    if (clientSide || this.staff || this.role === 'PLATFORM_OPS') options.push('CLIENT_INTERNAL');
    if (this.staff || this.role === 'PLATFORM_OPS') options.push('INTERNAL');
    return options.map((v) => [v, VISIBILITY_NAMES[v]]);
  }

  /** Shows a message in its place in the history: older pages are loaded until it is there. */
  async focus(messageId) {
    for (let pages = 0; !this.shown.has(messageId) && this.nextBefore && pages < 40; pages++) {
      await this.loadOlder();
    }
    const item = this.shown.get(messageId);
    if (!item) return;
    this.list.querySelectorAll('.focused').forEach((m) => m.classList.remove('focused'));
    item.classList.add('focused');
    item.scrollIntoView({ block: 'center' });
  }

  async loadOlder() {
    this.loading = true;
    try {
      const height = this.history.scrollHeight;
      const page = await api('chat', `/projects/${encodeURIComponent(this.projectId)}/messages?limit=${PAGE}&before=${this.nextBefore}`);
      for (const message of page.items) this.show(message, 'top');
      this.nextBefore = page.nextBefore;
      this.older.hidden = !this.nextBefore;
      this.history.scrollTop += this.history.scrollHeight - height; // keep what was on screen in place
    } finally {
      this.loading = false;
    }
  }

  onEvent({ type, data }) {
    if (type === 'message.posted') {
      const atEnd = this.history.scrollHeight - this.history.scrollTop - this.history.clientHeight < 80;
      this.show(data.message, 'bottom');
      if (atEnd) this.scrollToEnd();
      this.markRead();
    } else if (type === 'message.edited' || type === 'message.deleted') {
      this.refresh(data.messageId || data.message?.messageId);
    } else if (type.startsWith('participant.')) {
      api('chat', `/projects/${encodeURIComponent(this.projectId)}/participants`).then((r) => { this.roster = r; });
    }
  }

  async refresh(messageId) {
    if (!messageId || !this.shown.has(messageId)) return;
    const message = await api('chat', `/projects/${encodeURIComponent(this.projectId)}/messages/${messageId}`);
    this.show(message, 'bottom');
  }

  scrollToEnd() {
    this.history.scrollTop = this.history.scrollHeight;
  }

  /** Marks what is shown read, while the page is in view (a hidden tab shows nothing to anyone). */
  markRead() {
    if (document.visibilityState !== 'visible') return;
    if (this.lastPosition > (this.readUpTo || 0)) {
      this.readUpTo = this.lastPosition;
      api('chat', `/projects/${encodeURIComponent(this.projectId)}/read`, { method: 'POST', body: { upToPosition: this.lastPosition } })
        .catch(() => { this.readUpTo = 0; });
    }
  }

  /** Shows a message (or replaces its earlier rendering, or the pending copy sent from here). */
  show(message, where) {
    this.lastPosition = Math.max(this.lastPosition, message.position || 0);
    const item = this.render(message);
    const existing = this.shown.get(message.messageId) || this.pending.get(message.clientMessageId);
    if (existing) {
      existing.replaceWith(item);
      if (this.pending.delete(message.clientMessageId)) this.unsent(message.clientMessageId, null); // stored after all
    } else if (where === 'top') {
      this.list.prepend(item);
    } else {
      this.list.append(item);
    }
    this.shown.set(message.messageId, item);
  }

  render(m) {
    const sender = m.sender || {};
    const tags = [];
    if (m.kind && m.kind !== 'GENERAL') tags.push(el('span', { class: 'tag kind' }, KIND_NAMES[m.kind] || m.kind));
    if (m.visibility === 'INTERNAL') tags.push(el('span', { class: 'tag internal' }, 'Internal note'));
    if (m.visibility === 'CLIENT_INTERNAL') tags.push(el('span', { class: 'tag client-internal' }, 'Client side only'));
    if (m.priority === 'URGENT') tags.push(el('span', { class: 'tag urgent' }, 'Urgent'));
    if (m.escalation) tags.push(el('span', { class: 'tag urgent' }, 'Escalated'));
    const body = m.deleted ? el('div', { class: 'body' }, 'This message was deleted.')
      : el('div', { class: 'body' }, render(m.body));
    const actions = [];
    if (!m.deleted && sender.userId === this.me && m.messageId) {
      actions.push(el('button', { class: 'link', 'data-action': 'edit', onclick: (e) => this.edit(m, e.target.closest('li')) }, 'Edit'));
    }
    if (!m.deleted && m.messageId && (sender.userId === this.me || this.staff)) {
      actions.push(el('button', { class: 'link', onclick: () => this.remove(m) }, 'Delete'));
    }
    return el('li', {
      class: 'message' + (m.deleted ? ' deleted' : ''), 'data-message-id': m.messageId, 'data-visibility': m.visibility,
      'data-client-message-id': m.clientMessageId, 'data-position': m.position, 'data-author': sender.userId,
    }, el('div', { class: 'head' },
      el('span', { class: 'name' }, sender.displayName || sender.userId || ''),
      el('span', { class: 'role' }, ROLE_NAMES[sender.role] || sender.role || ''),
      el('time', { datetime: m.postedAt }, m.postedAt ? when(m.postedAt) : ''),
      m.edited && (sender.userId === this.me || this.staff || this.role === 'PLATFORM_OPS')
        ? el('button', { class: 'link state', onclick: (e) => this.revisions(m, e.target) }, '(edited)')
        : m.edited ? el('span', { class: 'state' }, '(edited)') : null,
      ...tags, ...actions), body, m.deleted ? null : renderFiles(this.projectId, m.files));
  }

  /** Sends at once and shows it as pending; a failed send keeps its text and retries with the same clientMessageId. */
  async send(draft) {
    const clientMessageId = draft.clientMessageId || crypto.randomUUID();
    const placeholder = this.placeholder({ ...draft, clientMessageId }, 'pending', 'Sending…');
    this.unsent(clientMessageId, draft);
    this.scrollToEnd();
    try {
      const posted = await api('chat', `/projects/${encodeURIComponent(this.projectId)}/messages`, {
        method: 'POST', body: { ...draft, clientMessageId },
      });
      this.unsent(clientMessageId, null);
      // stored: the live event brings it as everyone sees it, and replaces this copy
      if (this.pending.get(clientMessageId) === placeholder && !this.shown.has(posted.messageId)) {
        placeholder.classList.remove('pending');
        placeholder.dataset.messageId = posted.messageId;
        placeholder.querySelector('.state').textContent = '';
        this.shown.set(posted.messageId, placeholder);
      }
    } catch (e) {
      if (this.pending.get(clientMessageId) !== placeholder) return;
      this.placeholder({ ...draft, clientMessageId }, 'failed', `Not sent: ${e.message}`);
    }
  }

  /** The copy shown of a message sent from here until it is stored: pending, or failed with a Retry. */
  placeholder(draft, state, text) {
    const { clientMessageId } = draft;
    const me = this.roster.find((r) => r.userId === this.me) || {};
    const item = this.render({
      clientMessageId, body: draft.body, kind: draft.kind, visibility: draft.visibility,
      sender: { userId: this.me, displayName: me.displayName || claims().name, role: me.role }, postedAt: new Date().toISOString(),
    });
    item.classList.add(state);
    item.querySelector('.head').append(el('span', { class: 'state' }, text));
    if (state === 'failed') {
      item.querySelector('.state').after(el('button', { class: 'link', onclick: () => this.send(draft) }, 'Retry'));
    }
    const earlier = this.pending.get(clientMessageId);
    if (earlier) earlier.replaceWith(item); else this.list.append(item);
    this.pending.set(clientMessageId, item);
    return item;
  }

  /**
   * Sends not yet answered, kept in the tab's session beside the composer's draft (and forgotten with it at sign-out),
   * so that a reload during an outage does not lose them: {@link resumeUnsent} offers them again. unsent(id, null)
   * forgets one.
   */
  unsent(clientMessageId, draft) {
    const all = this.unsentSends();
    if (draft) all[clientMessageId] = draft; else delete all[clientMessageId];
    if (Object.keys(all).length) sessionStorage.setItem(this.unsentKey, JSON.stringify(all));
    else sessionStorage.removeItem(this.unsentKey);
  }

  unsentSends() {
    return JSON.parse(sessionStorage.getItem(this.unsentKey) || '{}');
  }

  /**
   * After a reload: each send that had no answer is shown as not sent, with a Retry under the same clientMessageId, so
   * that one the server did store comes back as that message and not as a second one. One the history already shows
   * was stored: it is forgotten.
   */
  resumeUnsent() {
    for (const [clientMessageId, draft] of Object.entries(this.unsentSends())) {
      if (this.list.querySelector(`li[data-client-message-id="${CSS.escape(clientMessageId)}"]`)) {
        this.unsent(clientMessageId, null);
      } else {
        this.placeholder({ ...draft, clientMessageId }, 'failed', 'Not sent before the page was reloaded');
      }
    }
  }

  /** The earlier versions of a message (its author and ops may see them). */
  async revisions(m, button) {
    const item = button.closest('li');
    const shown = item.querySelector('.revisions');
    if (shown) {
      shown.remove();
      return;
    }
    try {
      const revisions = await api('chat', `/projects/${encodeURIComponent(this.projectId)}/messages/${m.messageId}/revisions`);
      item.append(el('ol', { class: 'revisions', 'aria-label': 'Edit history' }, ...revisions.map((r) =>
        el('li', {}, el('time', { datetime: r.editedAt }, when(r.editedAt)), ': ', r.body))));
    } catch (e) {
      item.append(el('div', { class: 'revisions' }, e.status === 403 ? 'Only the author and ops can see earlier versions.' : e.message));
    }
  }

  /**
   * Edits in place, as in Slack or Mattermost, with the text's line breaks (a prompt() would flatten them): Enter
   * saves, Shift+Enter breaks the line, Escape cancels. The saved message comes back as everyone sees it.
   */
  edit(m, item) {
    const body = item.querySelector('.body');
    if (!body) return;
    const box = el('textarea', { 'aria-label': 'Edit your message', rows: String(Math.min(12, m.body.split('\n').length + 1)) });
    box.value = m.body;
    const error = el('div', { class: 'edit-error', role: 'alert' });
    const cancel = () => form.replaceWith(body);
    const save = async () => {
      if (!box.value.trim() || box.value === m.body) {
        cancel();
        return;
      }
      box.disabled = true;
      try {
        await api('chat', `/projects/${encodeURIComponent(this.projectId)}/messages/${m.messageId}`, { method: 'PATCH', body: { body: box.value } });
        await this.refresh(m.messageId); // the live event does it too; this covers a stream that is reconnecting
      } catch (e) {
        box.disabled = false;
        error.textContent = e.message;
        box.focus();
      }
    };
    const form = el('form', { class: 'edit', onsubmit: (e) => { e.preventDefault(); save(); } }, box,
      el('div', { class: 'edit-actions' },
        el('button', { type: 'submit' }, 'Save'),
        el('button', { type: 'button', class: 'link', onclick: cancel }, 'Cancel'),
        el('span', { class: 'hint' }, 'Enter saves, Shift+Enter breaks the line, Escape cancels')),
      error);
    box.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        save();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        cancel();
      }
    });
    body.replaceWith(form);
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }

  /** Up in an empty message box edits your last message, as in Slack or Mattermost; false when there is none. */
  editLast() {
    const mine = [...this.list.querySelectorAll('li.message [data-action="edit"]')].pop();
    if (!mine) return false;
    mine.click();
    return true;
  }

  async remove(m) {
    if (!confirm('Delete this message?')) return;
    await api('chat', `/projects/${encodeURIComponent(this.projectId)}/messages/${m.messageId}`, { method: 'DELETE' })
      .catch((e) => alert(e.message));
  }
}
