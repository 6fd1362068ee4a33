// The message box: Enter sends, Shift+Enter breaks the line; '@' offers handles, @channel and the roles; kind and
// visibility chosen beside it.
import { el, ROLE_NAMES } from './format.js';
import { Tray } from './attachments.js';

const SPECIAL = [
  { insert: 'channel', label: '@channel — everyone who may see the message' },
  { insert: 'Platform Ops', label: '@Platform Ops' },
  { insert: 'Account Manager', label: '@Account Manager' },
];

export class Composer {
  constructor(chat, visibilities) {
    this.chat = chat;
    this.form = document.getElementById('composer');
    this.body = document.getElementById('composer-body');
    this.kind = document.getElementById('composer-kind');
    this.visibility = document.getElementById('composer-visibility');
    this.menu = document.getElementById('mention-list');
    this.visibility.replaceChildren(...visibilities.map(([value, label]) => el('option', { value }, label)));
    this.draftKey = chat.draftKey;
    this.restoreDraft();
    this.onKey = (e) => this.key(e);
    this.onInput = () => { this.suggest(); this.saveDraft(); };
    this.onChoice = () => this.saveDraft();
    this.onSubmit = (e) => { e.preventDefault(); this.submit(); };
    this.error = document.getElementById('composer-error');
    this.error.hidden = true;
    this.tray = new Tray(chat.projectId, (message) => this.showError(message));
    this.picker = document.getElementById('attach-input');
    this.view = document.getElementById('chat-view');
    this.onPick = () => { this.tray.add([...this.picker.files]); this.picker.value = ''; };
    this.onAttach = () => this.picker.click();
    this.onDragOver = (e) => {
      if ([...e.dataTransfer.types].includes('Files')) { e.preventDefault(); this.view.classList.add('dropping'); }
    };
    this.onDragLeave = () => this.view.classList.remove('dropping');
    this.onDrop = (e) => {
      e.preventDefault();
      this.view.classList.remove('dropping');
      this.tray.add([...e.dataTransfer.files]);
    };
    this.body.addEventListener('keydown', this.onKey);
    this.body.addEventListener('input', this.onInput);
    this.kind.addEventListener('change', this.onChoice);
    this.visibility.addEventListener('change', this.onChoice);
    this.form.addEventListener('submit', this.onSubmit);
    this.picker.addEventListener('change', this.onPick);
    document.getElementById('attach').addEventListener('click', this.onAttach);
    this.view.addEventListener('dragover', this.onDragOver);
    this.view.addEventListener('dragleave', this.onDragLeave);
    this.view.addEventListener('drop', this.onDrop);
  }

  showError(message) {
    this.error.textContent = message;
    this.error.hidden = false;
    clearTimeout(this.errorTimer);
    this.errorTimer = setTimeout(() => { this.error.hidden = true; }, 10000);
  }

  /**
   * What was typed and not sent comes back when the person returns to the project or reloads the page, as in Slack or
   * Zulip. It stays in this tab's session storage, like the token: gone with the tab, and forgotten at sign-out.
   */
  restoreDraft() {
    const draft = JSON.parse(sessionStorage.getItem(this.draftKey) || 'null');
    this.body.value = draft?.body || '';
    this.kind.value = 'GENERAL';
    if (!draft) return;
    if ([...this.kind.options].some((o) => o.value === draft.kind)) this.kind.value = draft.kind;
    if ([...this.visibility.options].some((o) => o.value === draft.visibility)) this.visibility.value = draft.visibility;
  }

  saveDraft() {
    if (!this.body.value.trim()) {
      sessionStorage.removeItem(this.draftKey);
      return;
    }
    sessionStorage.setItem(this.draftKey, JSON.stringify({
      body: this.body.value, kind: this.kind.value, visibility: this.visibility.value,
    }));
  }

  close() {
    this.body.removeEventListener('keydown', this.onKey);
    this.body.removeEventListener('input', this.onInput);
    this.kind.removeEventListener('change', this.onChoice);
    this.visibility.removeEventListener('change', this.onChoice);
    this.form.removeEventListener('submit', this.onSubmit);
    this.picker.removeEventListener('change', this.onPick);
    document.getElementById('attach').removeEventListener('click', this.onAttach);
    this.view.removeEventListener('dragover', this.onDragOver);
    this.view.removeEventListener('dragleave', this.onDragLeave);
    this.view.removeEventListener('drop', this.onDrop);
    this.hideMenu();
  }

  submit() {
    const body = this.body.value;
    const attachmentFileIds = this.tray.fileIds();
    if (this.tray.uploading) {
      this.showError('Wait until the files have uploaded.');
      return;
    }
    if (!body.trim() && !attachmentFileIds.length) return;
    this.chat.send({ body, kind: this.kind.value, visibility: this.visibility.value, attachmentFileIds });
    this.body.value = '';
    this.tray.clear();
    this.kind.value = 'GENERAL';
    sessionStorage.removeItem(this.draftKey);
    this.hideMenu();
  }

  key(e) {
    if (!this.menu.hidden) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        this.move(e.key === 'ArrowDown' ? 1 : -1);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        this.pick(this.options[this.selected]);
        return;
      }
      if (e.key === 'Escape') {
        this.hideMenu();
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.submit();
    } else if (e.key === 'ArrowUp' && !this.body.value && this.chat.editLast()) {
      e.preventDefault();
    }
  }

  /** The '@word' the caret is in, if any. */
  word() {
    const before = this.body.value.slice(0, this.body.selectionStart);
    const match = /(^|[^\w@.])@([\w .-]{0,30})$/.exec(before);
    return match ? { start: before.length - match[2].length - 1, text: match[2].toLowerCase() } : null;
  }

  suggest() {
    const word = this.word();
    if (!word) {
      this.hideMenu();
      return;
    }
    const people = (this.chat.roster || []).filter((p) => p.handle && p.userId !== this.chat.me)
      .map((p) => ({ insert: p.handle, label: `@${p.handle} — ${p.displayName} (${ROLE_NAMES[p.role] || p.role})` }));
    this.options = [...people, ...SPECIAL].filter((o) => o.insert.toLowerCase().startsWith(word.text)
      || o.label.toLowerCase().includes(word.text)).slice(0, 8);
    if (!this.options.length) {
      this.hideMenu();
      return;
    }
    this.selected = 0;
    this.menu.replaceChildren(...this.options.map((o, i) => el('div', {
      role: 'option', id: `mention-${i}`, 'aria-selected': String(i === 0), 'data-insert': o.insert,
      onmousedown: (e) => { e.preventDefault(); this.pick(o); },
    }, o.label)));
    this.menu.hidden = false;
    this.body.setAttribute('aria-expanded', 'true');
    this.body.setAttribute('aria-activedescendant', 'mention-0');
  }

  move(step) {
    this.selected = (this.selected + step + this.options.length) % this.options.length;
    [...this.menu.children].forEach((o, i) => o.setAttribute('aria-selected', String(i === this.selected)));
    this.body.setAttribute('aria-activedescendant', `mention-${this.selected}`);
  }

  pick(option) {
    const word = this.word();
    if (!word || !option) return;
    const value = this.body.value;
    const caret = this.body.selectionStart;
    const inserted = `@${option.insert} `;
    this.body.value = value.slice(0, word.start) + inserted + value.slice(caret);
    this.body.selectionStart = this.body.selectionEnd = word.start + inserted.length;
    this.hideMenu();
    this.body.focus();
    this.saveDraft();
  }

  hideMenu() {
    this.menu.hidden = true;
    this.body.setAttribute('aria-expanded', 'false');
    this.body.removeAttribute('aria-activedescendant');
  }
}
