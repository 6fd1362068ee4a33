// The service's API with the signed-in user's bearer token, and its live stream.

/** Where the service's API is: '' when the page is served by escalation-service itself, '/api/escalations' through web-gateway. */
const BASE = location.pathname.slice(0, location.pathname.lastIndexOf('/dashboard/'));

export { token, signIn, signOut, claims, ApiError } from '../projectchat/session.js';
import { token, ApiError } from '../projectchat/session.js';

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
 * Follows the live stream (Server-Sent Events read from a fetch, so the token goes in a header), resuming with
 * Last-Event-ID after a drop. Calls onChange(event) for each change and onState('live' | 'reconnecting').
 */
export function follow(onChange, onState) {
  let lastId = null;
  let stopped = false;
  const controller = new AbortController();
  const run = async () => {
    while (!stopped) {
      try {
        const headers = { Authorization: `Bearer ${token()}`, Accept: 'text/event-stream' };
        if (lastId) headers['Last-Event-ID'] = lastId;
        const response = await fetch(`${BASE}/live`, { headers, signal: controller.signal });
        if (!response.ok) throw new ApiError(response.status, null);
        onState('live');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = { id: null, type: 'message', data: '' };
            for (const line of block.split('\n')) {
              if (line.startsWith('id:')) event.id = line.slice(3).trim();
              else if (line.startsWith('event:')) event.type = line.slice(6).trim();
              else if (line.startsWith('data:')) event.data += line.slice(5).trim();
            }
            if (event.id) lastId = event.id;
            if (event.data) onChange({ type: event.type, data: JSON.parse(event.data) });
          }
        }
      } catch (e) {
        if (stopped) return;
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
          onState('refused');
          return;
        }
      }
      onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  };
  run();
  return () => {
    stopped = true;
    controller.abort();
  };
}
