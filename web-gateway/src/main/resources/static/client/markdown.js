// Markdown as HTML that is safe to show: marked renders, DOMPurify removes anything that could run or load, highlight.js
// colours code blocks (window.hljs, loaded by the page).
import { marked } from '/webjars/marked/16.4.1/lib/marked.esm.js';
import DOMPurify from '/webjars/dompurify/3.3.3/dist/purify.es.mjs';

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

// HTML typed into a message is shown as the text it is, never rendered (as in Mattermost and Zulip)
marked.use({ gfm: true, breaks: true, renderer: { html: (token) => escape(token.text) } });

export function render(markdown) {
  const html = DOMPurify.sanitize(marked.parse(markdown || ''), {
    // no images from a message's text: a remote image tells its server who read the message and when (attachments
    // are shown from file-service instead)
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'img', 'picture', 'video', 'audio', 'iframe'],
    FORBID_ATTR: ['style'],
  });
  const template = document.createElement('template');
  template.innerHTML = html;
  for (const a of template.content.querySelectorAll('a[href]')) {
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
  }
  for (const code of template.content.querySelectorAll('pre code')) {
    if (window.hljs) window.hljs.highlightElement(code);
  }
  return template.content;
}
