// Síťař's service worker, bundled into /static/offline/sw-lib.js and loaded by /sw.js (offline/views.py), which sets
// self.SITAR_PRECACHE (the static files every page needs, each with the hash of its content) and self.SITAR_SHELL_URL
// before importScripts().
//
// - The static files are precached and served from the cache; a new revision replaces the old copy at the next update.
// - A navigation to a page of the app goes to the network; without a network the cached shell (/offline/, kept in the
//   "sitar-shell" cache by the page, offline/src/register.js) answers, where the offline application renders the
//   user's territory from IndexedDB. Pages are never cached here: a shared tablet keeps no one's pages.
// - The API, the admin, sign-in and anything not GET are left alone.
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { NetworkOnly } from "workbox-strategies";

const SHELL_CACHE = "sitar-shell";
const SHELL_URL = self.SITAR_SHELL_URL || "/offline/";
const PRECACHE = self.SITAR_PRECACHE || [];
// A navigation that has had no answer for this long is taken as no network (a signal that comes and goes hangs rather
// than fails).
const NETWORK_TIMEOUT_SECONDS = 15;

self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(PRECACHE);

// The API bypasses the worker entirely where the browser has static routing (Chromium): the page's calls go straight to
// the network, as without a worker. Elsewhere no route below matches /api/, so the worker does not answer them either.
self.addEventListener("install", (event) => {
  if (!event.addRoutes || typeof URLPattern === "undefined") return;
  event.waitUntil(
    event
      .addRoutes([{ condition: { urlPattern: new URLPattern({ pathname: "/api/*" }) }, source: "network" }])
      .catch(() => undefined),
  );
});

const OFFLINE_PAGE = `<!DOCTYPE html>
<html lang="cs">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Síťař je offline · Síťař is offline</title>
${PRECACHE.filter((entry) => entry.url.endsWith("/sitar.css")).map((entry) => `<link rel="stylesheet" href="${entry.url}">`).join("")}
</head>
<body>
<header class="topbar"><span class="brand">Síťař</span></header>
<main class="content">
<div class="card">
<h1>Síťař je offline</h1>
<p>Toto zařízení nemá připojení a offline kopii zatím neuložilo. Přihlaste se, když budete online; pak se Síťař otevře i bez signálu.</p>
</div>
<div class="card" lang="en">
<h1>Síťař is offline</h1>
<p>This device has no connection and has not stored the offline copy yet. Sign in while online first; Síťař then opens without signal too.</p>
</div>
</main>
</body>
</html>`;

async function offlineAnswer() {
  const cache = await caches.open(SHELL_CACHE);
  const shell = await cache.match(SHELL_URL, { ignoreVary: true });
  if (shell) return shell;
  return new Response(OFFLINE_PAGE, {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:",
      "Cache-Control": "no-store",
    },
  });
}

registerRoute(
  new NavigationRoute(
    new NetworkOnly({
      networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS,
      plugins: [{ handlerDidError: offlineAnswer }],
    }),
    { denylist: [/^\/admin\//, /^\/api\//, /^\/accounts\//, /^\/static\//] },
  ),
);
