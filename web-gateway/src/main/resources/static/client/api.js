// The services' APIs through the gateway (/api/<service>/...), with the signed-in user's bearer token.
export { token, signIn, signOut, forgetToken, claims, ApiError, DRAFT } from '/projectchat/session.js';
import { token, ApiError } from '/projectchat/session.js';
import { followStream } from '/projectchat/event-stream.js';

/** A JSON request to a service: api('chat', '/me/unread'). A problem+json answer is thrown as an ApiError. */
export async function api(service, path, { method = 'GET', body } = {}) {
  let response;
  try {
    response = await fetch(`/api/${service}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token()}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { detail: 'The server cannot be reached.' });
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    throw new ApiError(response.status, typeof data === 'object' ? data : { detail: data });
  }
  return data;
}

/** Downloads what a service answers (with the token, which a plain link cannot carry) as a file. */
export async function download(service, path, name) {
  const response = await fetch(`/api/${service}${path}`, { headers: { Authorization: `Bearer ${token()}` } });
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  const url = URL.createObjectURL(await response.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Follows a service's event stream: followStream (shared with the dashboard) on /api/<service><path>. */
export function follow(service, path, onEvent, onState = () => {}) {
  return followStream(`/api/${service}${path}`, onEvent, onState);
}
