// How times and names are shown: in the viewer's time zone and language.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function when(iso) {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

/** A duration in minutes as "3 d 4 h", "2 h 5 min", "-40 min" (overdue). */
export function minutes(total) {
  if (total === null || total === undefined) return '—';
  const sign = total < 0 ? '-' : '';
  let m = Math.abs(Math.round(total));
  const d = Math.floor(m / 1440); m -= d * 1440;
  const h = Math.floor(m / 60); m -= h * 60;
  if (d) return `${sign}${d} d ${h} h`;
  if (h) return `${sign}${h} h ${m} min`;
  return `${sign}${m} min`;
}

export function age(iso, now = Date.now()) {
  return minutes((now - new Date(iso).getTime()) / 60000);
}

export function label(code) {
  return code ? code.toLowerCase().replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()) : '—';
}

/** A table cell with text (never HTML). */
export function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text ?? '—';
  if (className) td.className = className;
  return td;
}
