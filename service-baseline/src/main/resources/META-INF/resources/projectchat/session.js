// Signing in, shared by the web client (web-gateway) and the ops dashboard (escalation-service): the bearer token is kept
// in the tab's session storage, under one key, so one sign-in serves both pages on the gateway's origin.

export const KEY = 'projectchat.token';

/** The token: taken from a dev sign-in link's fragment (#token=..., then removed from the address bar) or this tab's session. */
export function token() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get('token')) {
    sessionStorage.setItem(KEY, fragment.get('token'));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(KEY);
}

export function signIn(value) {
  sessionStorage.setItem(KEY, value.trim());
}

/** Where the web client keeps unsent drafts in this tab's session, one key per user and project under this prefix. */
export const DRAFT = 'projectchat.draft.';

/** A sign-in that expired or was refused: the token goes; what was typed waits for the person to sign in again. */
export function forgetToken() {
  sessionStorage.removeItem(KEY);
}

/** Signing out forgets the token and what was typed and not sent: on a shared computer, the next person must not find it. */
export function signOut() {
  forgetToken();
  Object.keys(sessionStorage).filter((k) => k.startsWith(DRAFT)).forEach((k) => sessionStorage.removeItem(k));
}

/** The token's claims, to show who is signed in (the services verify the token themselves). */
export function claims() {
  try {
    const part = token().split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(part))));
  } catch {
    return {};
  }
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}
