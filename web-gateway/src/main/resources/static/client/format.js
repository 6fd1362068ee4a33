// Names and times as the viewer reads them.

export const ROLE_NAMES = {
  EXPERT: 'Expert', CLIENT: 'Client', PLATFORM_OPS: 'Platform Ops', ACCOUNT_MANAGER: 'Account Manager',
};

export const KIND_NAMES = {
  GENERAL: 'Message', PROGRESS_UPDATE: 'Progress update', WEEKLY_SUMMARY: 'Weekly summary', MILESTONE: 'Milestone',
  QUESTION: 'Question', BLOCKER: 'Blocker',
};

const sameDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const otherDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A time in the viewer's own time zone (the browser's). */
export function when(iso) {
  const date = new Date(iso);
  return (new Date().toDateString() === date.toDateString() ? sameDay : otherDay).format(date);
}

export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children.filter((c) => c !== null && c !== undefined));
  return element;
}
