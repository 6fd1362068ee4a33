// The services' APIs through the gateway (/api/<service>/...), with the signed-in user's bearer token.
export { token, signIn, signOut, claims, ApiError } from '/projectchat/session.js';
import { token, ApiError } from '/projectchat/session.js';

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

/**
 * Follows a service's event stream (Server-Sent Events read from a fetch, so the token goes in a header), resuming
 * with Last-Event-ID after a drop. Calls onEvent({type, data}) for each event and onState('live' | 'reconnecting' |
 * 'refused'). Returns a function that stops following.
 */
export function follow(service, path, onEvent, onState = () => {}) {
  let lastId = null;
  let stopped = false;
  const controller = new AbortController();
  const run = async () => {
    let pause = 1000;
    while (!stopped) {
      try {
        const headers = { Authorization: `Bearer ${token()}`, Accept: 'text/event-stream' };
        if (lastId) headers['Last-Event-ID'] = lastId;
        const response = await fetch(`/api/${service}${path}`, { headers, signal: controller.signal });
        if (!response.ok) throw new ApiError(response.status, null);
        onState('live');
        pause = 1000;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n/g, '\n');
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
            if (event.data) onEvent({ type: event.type, data: JSON.parse(event.data) });
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
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 15000);
    }
  };
  run();
  return () => {
    stopped = true;
    controller.abort();
  };
}
