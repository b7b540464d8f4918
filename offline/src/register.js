// The service worker's registration, the offline shell kept fresh, and the wipe of everything the origin stores in
// the browser, for sign-out on a shared tablet.

export const WORKER_URL = "/sw.js";
// The page the worker answers navigations with when there is no network (offline/views.py ShellView); kept in its own
// Cache Storage cache, which the worker reads (offline/src/sw.js).
export const SHELL_URL = "/offline/";
export const SHELL_CACHE = "sitar-shell";
// Sign-out waits this long at most for the wipe: a browser that never answers must not keep a user signed in.
const WIPE_TIMEOUT_MS = 5000;

/** Registers /sw.js for the whole origin; resolves to the registration (null without one). The page keeps the shell
 * fresh (refreshShell) as often as it needs it (offline/src/app.js). */
export function registerWorker() {
  if (!("serviceWorker" in navigator)) return Promise.resolve(null);
  return navigator.serviceWorker.register(WORKER_URL, { scope: "/" }).then(
    (registration) => {
      // Signed out while the registration was under way: the wipe may have missed this worker.
      if (wiping) return registration.unregister().then(() => null);
      return registration;
    },
    (error) => {
      // Offline, or the worker's script failed: the page works as before, without the offline copy.
      console.warn("Síťař: the service worker was not registered", error);
      return null;
    },
  );
}

// The shell's refresh under way, which a wipe waits for, and whether a wipe has begun (no copy is stored after it).
let shellRefresh = Promise.resolve(false);
let wiping = false;

/** Stores a fresh copy of the shell (the signed-in user's, with their CSRF token) while online; resolves to whether it did. */
export function refreshShell() {
  if (wiping || !navigator.onLine || !("caches" in window)) return Promise.resolve(false);
  // A redirect is not followed: it leads to the login page (the session ended) or to the enrolment of two-factor
  // sign-in, whose page makes a new key each time it is opened — no shell to keep, and no page to open behind the
  // user's back.
  shellRefresh = fetch(SHELL_URL, { credentials: "same-origin", redirect: "manual" })
    .then((response) =>
      response.ok && !wiping
        ? caches.open(SHELL_CACHE).then((cache) => cache.put(SHELL_URL, response)).then(() => true)
        : false,
    )
    .catch(() => false);
  return shellRefresh;
}

function deleteDatabase(name) {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    // "blocked" is not the end: the deletion goes on once the open connections close (Dexie closes on versionchange).
    request.onsuccess = request.onerror = () => resolve();
  });
}

async function wipe() {
  wiping = true;
  await shellRefresh; // a copy stored after the wipe would outlive it
  const work = [];
  if (window.indexedDB && indexedDB.databases) {
    const databases = await indexedDB.databases();
    work.push(...databases.map((database) => deleteDatabase(database.name)));
  }
  if ("caches" in window) {
    const names = await caches.keys();
    work.push(...names.map((name) => caches.delete(name)));
  }
  if ("serviceWorker" in navigator) {
    const registrations = await navigator.serviceWorker.getRegistrations();
    work.push(...registrations.map((registration) => registration.unregister()));
  }
  await Promise.allSettled(work);
}

/** Deletes every IndexedDB database and Cache Storage cache of the origin and unregisters its service workers. */
export function wipeLocal() {
  const timeout = new Promise((resolve) => setTimeout(resolve, WIPE_TIMEOUT_MS));
  return Promise.race([wipe().catch((error) => console.warn("Síťař: the local copy was not wiped", error)), timeout]);
}

let signOutConfirm = null;

/**
 * Wipes the local copy before the sign-out form (form[data-sign-out] in core/templates/base.html) is sent.
 * `confirm`, if given, is an async function asked first; when it resolves to false the user stays signed in (the
 * offline application asks there whether to sign out with changes not yet sent). Calling it again only replaces
 * `confirm`. The logout answer also carries Clear-Site-Data (permissions/login.py), which empties the same stores
 * once more where the browser honours it.
 */
export function wireSignOut({ confirm } = {}) {
  if (confirm) signOutConfirm = confirm;
  for (const form of document.querySelectorAll("form[data-sign-out]")) {
    if (form.dataset.signOutWired) continue;
    form.dataset.signOutWired = "1";
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (form.dataset.signingOut) return;
      form.dataset.signingOut = "1";
      if (signOutConfirm && !(await signOutConfirm())) {
        delete form.dataset.signingOut;
        return;
      }
      await wipeLocal();
      form.submit(); // submit() sends the form without another submit event
    });
  }
}
