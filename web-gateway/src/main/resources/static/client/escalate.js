// Escalate: the reasons of the guide and the resolution sought, tagging Platform Ops or the Account Manager; the cases
// the viewer raised, with their status.
import { api } from './api.js';
import { el, when } from './format.js';

export const REASONS = {
  CLIENT_UNRESPONSIVE: 'Client unresponsive', SCOPE_DISAGREEMENT: 'Scope disagreement', PAYMENT: 'Payment',
  TECHNICAL_ACCESS: 'Technical access', CONDUCT: 'Conduct', OTHER: 'Something else',
};

export class Escalation {
  constructor(chat) {
    this.chat = chat;
    this.dialog = document.getElementById('escalate-dialog');
    this.form = document.getElementById('escalate-form');
    this.error = document.getElementById('escalate-error');
    document.getElementById('escalate').onclick = () => this.open();
    document.getElementById('escalate-cancel').onclick = () => this.dialog.close();
    this.form.onsubmit = (e) => { e.preventDefault(); this.submit(); };
  }

  async open() {
    this.error.textContent = '';
    this.form.reset();
    this.dialog.showModal();
    this.showMine();
  }

  async submit() {
    const reason = document.getElementById('escalate-reason').value;
    const sought = document.getElementById('escalate-sought').value.trim();
    const who = document.getElementById('escalate-to').value;
    const details = document.getElementById('escalate-details').value.trim();
    const body = `${who} Escalation: ${REASONS[reason]}.${details ? `\n\n${details}` : ''}${sought ? `\n\nResolution sought: ${sought}` : ''}`;
    try {
      await api('chat', `/projects/${encodeURIComponent(this.chat.projectId)}/messages`, {
        method: 'POST',
        body: { body, kind: 'GENERAL', escalation: { reason, resolutionSought: sought || null }, clientMessageId: crypto.randomUUID() },
      });
      this.dialog.close();
    } catch (e) {
      this.error.textContent = e.message;
    }
  }

  async showMine() {
    const list = document.getElementById('my-escalations');
    try {
      const mine = await api('escalations', `/projects/${encodeURIComponent(this.chat.projectId)}/my-escalations`);
      list.replaceChildren(...mine.map((c) => el('li', {}, `${REASONS[c.reason] || c.reason}: ${c.status}`,
        c.outcome ? ` (${c.outcome})` : '', ' · ', el('time', { datetime: c.openedAt }, c.openedAt ? when(c.openedAt) : ''))));
    } catch {
      list.replaceChildren();
    }
  }
}
