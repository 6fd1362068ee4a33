// Following a Server-Sent Events stream with the signed-in user's token, shared by the web client and the ops dashboard.
import { token, ApiError } from './session.js';

/**
 * Follows an event stream (Server-Sent Events read from a fetch, so the token goes in a header), resuming with
 * Last-Event-ID after a drop, retrying after 1 s, doubling to 15 s. Calls onEvent({type, data}) for each event and
 * onState('live' | 'reconnecting' | 'refused'). Returns a function that stops following.
 */
export function followStream(url, onEvent, onState = () => {}) {
  let lastId = null;
  let stopped = false;
  const controller = new AbortController();
  const run = async () => {
    let pause = 1000;
    while (!stopped) {
      try {
        const headers = { Authorization: `Bearer ${token()}`, Accept: 'text/event-stream' };
        if (lastId) headers['Last-Event-ID'] = lastId;
        const response = await fetch(url, { headers, signal: controller.signal });
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
