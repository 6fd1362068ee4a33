// The service's API with the signed-in user's bearer token, and its live stream.

/** Where the service's API is: '' when the page is served by escalation-service itself, '/api/escalations' through web-gateway. */
const BASE = location.pathname.slice(0, location.pathname.lastIndexOf('/dashboard/'));

export { token, signIn, signOut, claims, ApiError } from '../projectchat/session.js';
import { token, ApiError } from '../projectchat/session.js';
import { followStream } from '../projectchat/event-stream.js';

/** A JSON request; a problem+json answer is thrown as an ApiError with its detail. */
export async function api(path, { method = 'GET', body } = {}) {
  const response = await fetch(BASE + path, {
    method,
    headers: {
      Authorization: `Bearer ${token()}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    throw new ApiError(response.status, typeof data === 'object' ? data : { detail: data });
  }
  return data;
}

/** Downloads a file the API serves (with the token, which a plain link cannot carry). */
export async function download(path, name) {
  const response = await fetch(BASE + path, { headers: { Authorization: `Bearer ${token()}` } });
  if (!response.ok) {
    throw new ApiError(response.status, await response.json().catch(() => ({})));
  }
  const url = URL.createObjectURL(await response.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

/**
 * Follows the live stream, resuming with Last-Event-ID after a drop. Calls onChange(event) for each change and
 * onState('live' | 'reconnecting' | 'refused').
 */
export function follow(onChange, onState) {
  return followStream(`${BASE}/live`, onChange, onState);
}
