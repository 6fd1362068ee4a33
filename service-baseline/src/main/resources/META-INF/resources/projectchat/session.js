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

export function signOut() {
  sessionStorage.removeItem(KEY);
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
