// Shows notification-service's Web Push messages ({title, body, url, tag, urgent, count}) and opens the chat on a click.
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: 'Project Chat', body: event.data ? event.data.text() : '' };
  }
  event.waitUntil(self.registration.showNotification(data.title || 'Project Chat', {
    body: data.body || '', tag: data.tag, renotify: !!data.tag, requireInteraction: !!data.urgent,
    icon: '/client/icon.svg', data: { url: data.url || '/' },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = event.notification.data?.url || '/';
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
    const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
    return open ? open.focus().then((w) => w.navigate(url)) : self.clients.openWindow(url);
  }));
});
