// Files: picked with the button or dropped on the chat, checked against file-service's limits before anything is sent,
// uploaded with a progress bar, then attached to the next message. Shown in messages as thumbnails (images) or chips.
import { api, token, ApiError } from './api.js';
import { el } from './format.js';

let limits = null;

async function loadLimits() {
  if (!limits) {
    const answer = await api('files', '/files/limits');
    limits = { maxFileBytes: answer.maxFileBytes, extensions: new Set(Object.values(answer.acceptedExtensions).flat()) };
  }
  return limits;
}

function size(bytes) {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Why a file cannot be sent, or null. */
export async function refusal(file) {
  const { maxFileBytes, extensions } = await loadLimits();
  const extension = file.name.includes('.') ? file.name.split('.').pop().toLowerCase() : '';
  if (file.size > maxFileBytes) return `${file.name} is ${size(file.size)}: files can be at most ${size(maxFileBytes)}.`;
  if (file.size === 0) return `${file.name} is empty.`;
  if (!extensions.has(extension)) return `${file.name}: files of this type (.${extension || 'none'}) cannot be shared here.`;
  return null;
}

/** Uploads one file to a project; onProgress(fraction). Resolves to file-service's answer (fileId, name, ...). */
export function upload(projectId, file, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/files/projects/${encodeURIComponent(projectId)}/files`);
    request.setRequestHeader('Authorization', `Bearer ${token()}`);
    request.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    request.onload = () => {
      let body = null;
      try { body = JSON.parse(request.responseText); } catch { /* not JSON */ }
      if (request.status === 201) resolve(body);
      else reject(new ApiError(request.status, body));
    };
    request.onerror = () => reject(new ApiError(0, { detail: 'The server cannot be reached.' }));
    const form = new FormData();
    form.append('file', file);
    request.send(form);
  });
}

async function blobUrl(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token()}` } });
  if (!response.ok) throw new ApiError(response.status, null);
  return URL.createObjectURL(await response.blob());
}

/** A message's files: images as thumbnails (opened full size on click), other files as download chips. */
export function renderFiles(projectId, files) {
  if (!files || !files.length) return null;
  const base = `/api/files/projects/${encodeURIComponent(projectId)}/files`;
  return el('div', { class: 'files' }, ...files.map((f) => {
    const download = async () => {
      const url = await blobUrl(`${base}/${f.fileId}`);
      const a = el('a', { href: url, download: f.name });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    };
    if (f.contentType && f.contentType.startsWith('image/')) {
      const img = el('img', { class: 'thumbnail', alt: f.name, width: f.width && Math.min(f.width, 240) });
      blobUrl(`${base}/${f.fileId}/thumbnail`).then((url) => { img.src = url; }).catch(() => img.replaceWith(chip(f, download)));
      return el('button', { class: 'thumbnail-button', 'aria-label': `Download ${f.name}`, onclick: download }, img);
    }
    return chip(f, download);
  }));
}

function chip(f, download) {
  return el('button', { class: 'file-chip', onclick: download, 'aria-label': `Download ${f.name}` }, `${f.name} · ${size(f.size)}`);
}

/** The files waiting to go with the next message. */
export class Tray {
  constructor(projectId, showError) {
    this.projectId = projectId;
    this.showError = showError;
    this.element = document.getElementById('tray');
    this.element.replaceChildren();
    this.ready = new Map(); // fileId -> answer
    this.uploading = 0;
  }

  async add(files) {
    for (const file of files) {
      const why = await refusal(file).catch((e) => e.message);
      if (why) {
        this.showError(why);
        continue;
      }
      const bar = el('progress', { max: '1', value: '0', 'aria-label': `Uploading ${file.name}` });
      const item = el('li', { class: 'uploading' }, el('span', {}, file.name), bar);
      this.element.append(item);
      this.uploading++;
      try {
        const stored = await upload(this.projectId, file, (f) => { bar.value = f; });
        this.ready.set(stored.fileId, stored);
        item.className = 'uploaded';
        item.dataset.fileId = stored.fileId;
        bar.replaceWith(el('button', { class: 'link', 'aria-label': `Remove ${stored.name}`, onclick: () => {
          this.ready.delete(stored.fileId);
          item.remove();
        } }, 'Remove'));
      } catch (e) {
        item.remove();
        this.showError(`${file.name} was not uploaded: ${e.message}`);
      } finally {
        this.uploading--;
      }
    }
  }

  fileIds() {
    return [...this.ready.keys()];
  }

  clear() {
    this.ready.clear();
    this.element.replaceChildren();
  }
}
