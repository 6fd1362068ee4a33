// Notification settings: level and email cadence (everywhere and per project), Do Not Disturb, availability hours,
// browser push, and the diagnosis of notification-service ("why am I not getting notifications?").
import { api } from './api.js';
import { el, when } from './format.js';

const $ = (id) => document.getElementById(id);

const LEVELS = { ALL: 'All messages', MENTIONS: 'Mentions, questions to me, blockers and escalations', URGENT_ONLY: 'Only urgent matters' };
const CADENCES = { IMMEDIATE: 'Right away', EVERY_15_MINUTES: 'Batched every 15 minutes', HOURLY: 'Hourly digest',
  DAILY: 'Daily digest', OFF: 'Off' };

/** The choices of a select, once for "everywhere" and once, with "As everywhere" first, for a project. */
function choices(select, names, inherit) {
  select.replaceChildren(...(inherit ? [el('option', { value: '' }, 'As everywhere')] : []),
    ...Object.entries(names).map(([value, label]) => el('option', { value }, label)));
}

function saved(form, text = 'Saved') {
  const status = form.querySelector('.saved');
  status.textContent = text;
  setTimeout(() => { status.textContent = ''; }, 4000);
}

export async function showSettings(projects) {
  choices($('default-level'), LEVELS, false);
  choices($('default-email'), CADENCES, false);
  choices($('project-level'), LEVELS, true);
  choices($('project-email'), CADENCES, true);
  const [preferences, settings] = await Promise.all([
    api('notifications', '/preferences'), api('notifications', '/me/settings')]);
  $('default-level').value = preferences.defaults?.level || 'MENTIONS';
  $('default-email').value = preferences.defaults?.email || 'IMMEDIATE';
  $('defaults-form').onsubmit = async (e) => {
    e.preventDefault();
    await api('notifications', '/preferences', { method: 'PUT', body: { level: $('default-level').value, email: $('default-email').value } })
      .then(() => saved($('defaults-form')), (err) => saved($('defaults-form'), err.message));
  };

  $('project-pick').replaceChildren(...projects.map((p) => el('option', { value: p.projectId }, p.title || p.projectId)));
  const showProject = () => {
    const choice = preferences.projects?.[$('project-pick').value] || {};
    $('project-level').value = choice.level || '';
    $('project-email').value = choice.email || '';
  };
  $('project-pick').onchange = showProject;
  showProject();
  $('project-form').onsubmit = async (e) => {
    e.preventDefault();
    const projectId = encodeURIComponent($('project-pick').value);
    const level = $('project-level').value || null;
    const email = $('project-email').value || null;
    const request = level || email
      ? api('notifications', `/preferences/projects/${projectId}`, { method: 'PUT', body: { level, email } })
      : api('notifications', `/preferences/projects/${projectId}`, { method: 'DELETE' });
    await request.then((view) => { Object.assign(preferences, view || {}); saved($('project-form')); },
      (err) => saved($('project-form'), err.message));
  };

  const showDnd = (until) => {
    $('dnd-state').textContent = until && new Date(until) > new Date() ? `Do Not Disturb is on until ${when(until)}.` : 'Do Not Disturb is off.';
  };
  showDnd(settings.dndUntil);
  for (const button of document.querySelectorAll('[data-dnd]')) {
    button.onclick = async () => {
      let body;
      if (button.dataset.dnd === 'tomorrow') {
        const until = new Date();
        until.setDate(until.getDate() + 1);
        until.setHours(9, 0, 0, 0);
        body = { until: until.toISOString() };
      } else {
        body = { minutes: Number(button.dataset.dnd) };
      }
      const answer = await api('notifications', '/me/dnd', { method: 'PUT', body }).catch((err) => ({ error: err.message }));
      if (answer.error) $('dnd-state').textContent = answer.error; else showDnd(answer.dndUntil);
    };
  }
  $('dnd-off').onclick = async () => {
    await api('notifications', '/me/dnd', { method: 'DELETE' }).catch(() => {});
    showDnd(null);
  };

  $('hours-zone').value = settings.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone;
  $('digest-hour').value = settings.digestHour ?? 8;
  const days = Object.keys(settings.hours || {});
  for (const option of $('hours-days').options) option.selected = days.includes(option.value);
  const first = Object.values(settings.hours || {})[0]?.[0];
  if (first) {
    $('hours-from').value = first[0];
    $('hours-to').value = first[1] === '24:00' ? '23:59' : first[1];
  }
  $('hours-form').onsubmit = async (e) => {
    e.preventDefault();
    const hours = {};
    for (const option of $('hours-days').selectedOptions) hours[option.value] = [[$('hours-from').value, $('hours-to').value]];
    await api('notifications', '/me/settings', {
      method: 'PUT', body: { timeZone: $('hours-zone').value.trim(), digestHour: Number($('digest-hour').value), hours },
    }).then(() => saved($('hours-form')), (err) => saved($('hours-form'), err.message));
  };

  $('push-enable').onclick = enablePush;
  $('diagnose').onclick = diagnose;
  $('test-notification').onclick = sendTest;
}

function base64Url(text) {
  const raw = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

/** Browser push: the service worker, the browser's subscription with the service's VAPID key, handed to the service. */
async function enablePush() {
  const state = $('push-state');
  try {
    if (!('serviceWorker' in navigator) || !('PushManager' in window)) throw new Error('This browser cannot show push notifications.');
    if (await Notification.requestPermission() !== 'granted') throw new Error('Notifications are blocked for this site in the browser.');
    const registration = await navigator.serviceWorker.register('/service-worker.js');
    const key = await api('notifications', '/push/vapid-public-key');
    const subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true, applicationServerKey: base64Url(key.publicKey),
    });
    await api('notifications', '/push/subscriptions', { method: 'POST', body: subscription.toJSON() });
    state.textContent = 'Browser notifications are on for this browser.';
  } catch (err) {
    state.textContent = `Browser notifications could not be turned on: ${err.message}`;
  }
}

async function diagnose() {
  const list = $('diagnosis');
  try {
    const report = await api('notifications', '/me/diagnosis');
    const lines = [...(report.hints || [])];
    if (report.push?.length === 0) lines.push('No browser is subscribed to push notifications.');
    for (const [reason, count] of Object.entries(report.suppressedLast7Days || {})) {
      lines.push(`${count} notification${count === 1 ? ' was' : 's were'} not sent in the last 7 days: ${reason.toLowerCase().replace(/_/g, ' ')}.`);
    }
    if (!lines.length) lines.push('Everything looks right: nothing is holding your notifications back.');
    list.replaceChildren(...lines.map((line) => el('li', {}, line)));
  } catch (err) {
    list.replaceChildren(el('li', {}, err.message));
  }
}

const CHANNEL_NAMES = { IN_APP: 'In the app', EMAIL: 'Email', PUSH: 'Browser notifications' };

/** "Send me a test notification": an email and a push now, and what became of each. */
async function sendTest() {
  const list = $('diagnosis');
  try {
    const report = await api('notifications', '/me/test-notification', { method: 'POST' });
    const lines = report.outcomes.map((o) => `${CHANNEL_NAMES[o.channel] || o.channel}: ${o.sent ? '✓' : '✗'} ${o.detail}`);
    list.replaceChildren(...[...lines, ...(report.hints || [])].map((line) => el('li', {}, line)));
  } catch (err) {
    list.replaceChildren(el('li', {}, err.message));
  }
}
