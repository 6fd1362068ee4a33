// The web client: signs in, then shows the projects, the chosen project's chat and the notification bell.
import { token, signIn, signOut, forgetToken, claims, ApiError } from './api.js';
import { showProjects } from './projects.js';
import { Chat } from './chat.js';
import { Bell } from './notifications.js';
import { startSearch } from './search.js';
import { showSettings } from './settings.js';
import { oidcSettings, startSignIn, finishSignIn, endProviderSession } from './sign-in.js';

const $ = (id) => document.getElementById(id);
let chat = null;

function setLive(state) {
  $('live').textContent = { live: 'Live', reconnecting: 'Reconnecting…', refused: 'Signed out: sign in again' }[state] || '';
}

function showSignIn(message) {
  $('app').hidden = true;
  $('sign-in').hidden = false;
  if (message) $('sign-in-text').textContent = message;
}

async function route() {
  if (location.hash === '#/settings') {
    if (chat) chat.close();
    chat = null;
    $('chat').hidden = true;
    $('settings').hidden = false;
    $('title').textContent = 'Notification settings';
    const projects = await showProjects(null);
    await showSettings(projects);
    return;
  }
  $('settings').hidden = true;
  $('chat').hidden = false;
  const match = /^#\/projects\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(location.hash);
  const projectId = match ? decodeURIComponent(match[1]) : null;
  const focus = match && match[2] ? decodeURIComponent(match[2]) : null;
  if (chat && chat.projectId === projectId) {
    if (focus) await chat.focus(focus);
    return;
  }
  if (chat) chat.close();
  chat = null;
  $('chat-empty').hidden = !!projectId;
  $('chat-view').hidden = !projectId;
  $('projects').classList.remove('open');
  const projects = await showProjects(projectId);
  if (projectId) {
    $('title').textContent = projects.find((p) => p.projectId === projectId)?.title || projectId;
    chat = new Chat(projectId, setLive);
    try {
      await chat.open();
      if (focus) await chat.focus(focus);
    } catch (e) {
      $('chat-view').hidden = true;
      $('chat-empty').hidden = false;
      $('chat-empty').textContent = e.message;
    }
    showProjects(projectId);
  } else {
    $('title').textContent = 'Project Chat';
  }
}

async function start() {
  $('sign-in-form').onsubmit = (e) => {
    e.preventDefault();
    signIn($('sign-in-token').value);
    location.reload();
  };
  $('sign-out').onclick = () => {
    window.removeEventListener('hashchange', route); // no route opened, with no token, on the way out
    signOut();
    location.hash = '';
    if (!endProviderSession()) location.reload();
  };
  // the skip link moves focus, not the address: a hash is a route here
  document.querySelector('.skip').onclick = (e) => {
    e.preventDefault();
    $('composer-body').focus();
  };
  $('menu').onclick = () => {
    const open = $('projects').classList.toggle('open');
    $('menu').setAttribute('aria-expanded', String(open));
  };
  const oidc = await oidcSettings().catch(() => ({}));
  if (oidc.issuer) {
    $('sign-in-oidc').hidden = false;
    $('sign-in-oidc').onclick = () => startSignIn(oidc).catch((e) => showSignIn(e.message));
  }
  try {
    if (oidc.issuer) await finishSignIn(oidc);
  } catch (e) {
    showSignIn(e.message);
    return;
  }
  if (!token()) {
    showSignIn();
    return;
  }
  $('who').textContent = claims().name || claims().sub || '';
  startSearch();
  $('dashboard-link').onclick = (e) => {
    e.preventDefault();
    window.open(`/api/escalations/dashboard/#token=${encodeURIComponent(token())}`, '_blank', 'noopener');
  };
  $('sign-in').hidden = true;
  $('app').hidden = false;
  try {
    new Bell().start();
    window.addEventListener('hashchange', route);
    await route();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      forgetToken();
      showSignIn('Your sign-in has expired or is not valid: sign in again.');
    } else {
      $('chat-empty').hidden = false;
      $('chat-empty').textContent = e.message;
    }
  }
}

start();
