// The ops dashboard: cases, deadlines and figures, kept live over Server-Sent Events.
import { claims, follow, signIn, signOut, token } from './api.js';
import { loadCases, wireCases } from './cases.js';
import { loadCharts } from './charts.js';
import { loadDeadlines } from './deadlines.js';

const live = document.getElementById('live');

function showError(e) {
  if (e.status === 401 || e.status === 403) {
    signOut();
    showSignIn(e.status === 403 ? 'This dashboard is for platform ops and account managers.' : 'Your sign-in has expired.');
    return;
  }
  live.textContent = `error: ${e.message}`;
}

function showSignIn(message) {
  document.getElementById('board').hidden = true;
  document.getElementById('sign-in').hidden = false;
  document.getElementById('sign-in-error').textContent = message || '';
}

async function refresh() {
  await Promise.all([loadCases(), loadDeadlines(), loadCharts()]);
}

let pending = null;
function refreshSoon() {
  clearTimeout(pending);
  pending = setTimeout(() => refresh().catch(showError), 300);
}

async function start() {
  document.getElementById('sign-in').hidden = true;
  document.getElementById('board').hidden = false;
  const me = claims();
  document.getElementById('who').textContent = me.name || me.sub || '';
  await refresh();
  if (stopFollowing) stopFollowing();
  stopFollowing = follow(() => refreshSoon(), (state) => {
    live.textContent = { live: 'live', reconnecting: 'reconnecting…', refused: 'live updates refused' }[state];
  });
}

document.getElementById('sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  signIn(document.getElementById('token').value);
  start().catch(showError);
});
wireCases(showError);

let stopFollowing = null;

if (token()) {
  start().catch(showError);
} else {
  showSignIn();
}

// a sign-in link opened in a tab that already shows the dashboard changes only the fragment: sign in again
window.addEventListener('hashchange', () => {
  if (new URLSearchParams(location.hash.slice(1)).get('token')) {
    token();
    if (stopFollowing) stopFollowing();
    start().catch(showError);
  }
});
