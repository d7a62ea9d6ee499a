// Broadsheet's service worker: static assets cached at install; pages network-first with the
// last copy as fallback; starred articles (listed by /offline.json) kept for offline reading.
const STATIC = "broadsheet-static-v1";
const STARRED = "broadsheet-starred-v1";
const PAGES = "broadsheet-pages-v1";
const ASSETS = ["/static/style.css", "/static/app.js", "/static/htmx.min.js", "/static/icon.svg"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC).then((c) => c.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

async function syncStarred() {
  const response = await fetch("/offline.json", { credentials: "same-origin", cache: "no-store" });
  if (!response.ok) return;
  const { urls } = await response.json();
  const cache = await caches.open(STARRED);
  const keep = new Set(urls.map((u) => new URL(u, self.location.origin).href));
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) await cache.delete(request);
  }
  for (const url of keep) {
    try {
      const page = await fetch(url, { credentials: "same-origin" });
      if (page.ok) await cache.put(url, page);
    } catch (e) { /* offline now; try at the next sync */ }
  }
}

// Syncs run one after another, so an older list can never overwrite a newer one.
let syncing = Promise.resolve();
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "sync-starred") {
    syncing = syncing.then(syncStarred, syncStarred);
    const reply = event.ports && event.ports[0];
    event.waitUntil(syncing.finally(() => reply && reply.postMessage("synced")));
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith((async () => {
      try {
        const fresh = await fetch(request);
        if (fresh.ok && url.pathname.startsWith("/articles/")) {
          const starred = await caches.open(STARRED);
          if (await starred.match(request)) await starred.put(request, fresh.clone());
        }
        return fresh;
      } catch (e) {
        const hit = (await caches.match(request)) || (await caches.match("/starred"));
        return hit || new Response("<h1>Offline</h1><p>This page is not saved for offline reading. Star articles to keep them.</p>",
          { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
      }
    })());
  }
});
