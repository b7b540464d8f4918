// Síťař on the tablet: on every signed-in page, the service worker is registered, the copy of the user's territory
// is kept up to date and the waiting changes are sent; the bar at the top says what waits. On the shell (/offline/,
// which the service worker shows for any page when there is no signal) the page itself is drawn from the copy.

import { h, t } from "./dom.js";
import { SHELL_URL, refreshShell, registerWorker, wireSignOut } from "./register.js";
import { deleteOthers, getMeta, openStore, wipeTerritory } from "./store.js";
import { OPEN_STATES, Offline, SignedOut, expire, pull, push } from "./sync.js";
import { notHere, route } from "./views.js";

// How long a copy is taken as fresh before a page load asks the server for what changed.
const PULL_EVERY_MS = 30_000;

const bar = document.getElementById("offline-bar");
const root = document.getElementById("offline-app");
const userId = root?.dataset.user || bar?.dataset.user;

const app = {
  db: null,
  syncing: false,
  signedOut: false,
  async changed() {
    await drawBar();
  },
  sync,
};

async function counts() {
  const rows = await app.db.outbox.toArray();
  const open = rows.filter((row) => OPEN_STATES.includes(row.state));
  return {
    waiting: open.length,
    attention: open.filter((row) => row.state === "refused" || row.state === "conflict").length,
  };
}

async function drawBar() {
  if (!bar || !app.db?.isOpen()) return;
  let waiting, attention;
  try {
    ({ waiting, attention } = await counts());
  } catch {
    return; // the database was closed meanwhile (signing out)
  }
  const online = navigator.onLine;
  const parts = [];
  if (!online) parts.push(h("strong", {}, t("Offline — %(n)s changes waiting", { n: waiting })));
  // Online the bar shows only while something waits: the copy's refresh in the background says nothing.
  else if (waiting) parts.push(h("strong", {}, app.syncing ? t("Sending…") : t("%(n)s changes waiting", { n: waiting })));
  if (attention) parts.push(h("span", {}, " · ", t("%(n)s need your attention", { n: attention })));
  if (app.signedOut && waiting) parts.push(h("span", {}, " · ", t("Sign in again to send them.")));
  // Redrawn only when it says something new: the bar is a live region, read out at each change.
  const said = `${online}|${waiting}|${attention}|${app.syncing}|${app.signedOut}`;
  if (said === app.barSaid) return;
  app.barSaid = said;
  if (!parts.length) {
    bar.hidden = true;
    bar.replaceChildren();
    return;
  }
  bar.replaceChildren(
    h("span", { class: "offline-bar-text", "data-waiting": waiting, "data-online": online ? "1" : "0" }, parts),
    h("span", { class: "offline-bar-actions" },
      h("a", { class: "button small secondary", href: "/offline/" }, t("Changes")),
      online && waiting && !app.syncing
        ? h("button", { type: "button", class: "button small", onclick: () => sync({ force: true }) }, t("Send now"))
        : null),
  );
  bar.hidden = false;
}

async function locked(work) {
  if (!navigator.locks) return work();
  return navigator.locks.request("sitar-sync", { ifAvailable: true }, (lock) => (lock ? work() : null));
}

/** Send what waits, then bring the copy up to date (when online; `force` also pulls a fresh copy). */
async function sync({ force = false } = {}) {
  if (!app.db?.isOpen() || app.syncing || (!navigator.onLine && !force)) return;
  app.syncing = true;
  await drawBar();
  try {
    await locked(async () => {
      await push(app.db);
      const lastPull = await getMeta(app.db, "lastPull");
      if (force || !lastPull || Date.now() - new Date(lastPull) > PULL_EVERY_MS || (await counts()).waiting === 0) {
        await pull(app.db);
      }
    });
    app.signedOut = false;
    // The page says when its copy was last brought up to date (the browser tests wait for it).
    document.documentElement.dataset.offlineCopy = (await getMeta(app.db, "lastPull")) || "";
    if (!performance.getEntriesByName("sitar-copy").length) performance.mark("sitar-copy"); // make bench reads it
  } catch (error) {
    if (error instanceof SignedOut) {
      // The session ended: the copy goes; what the user typed stays until they sign in again.
      app.signedOut = true;
      await wipeTerritory(app.db);
    } else if (!(error instanceof Offline)) {
      console.error(error);
    }
  } finally {
    app.syncing = false;
    await drawBar();
    document.dispatchEvent(new CustomEvent("sitar:synced"));
  }
}

async function draw() {
  const view = route(location.pathname);
  const content = view ? await view(app) : notHere();
  root.replaceChildren(...[content].flat().filter(Boolean));
}

/** Signing out with changes not yet sent asks first: they are lost with the copy. */
async function confirmSignOut() {
  const { waiting } = app.db ? await counts() : { waiting: 0 };
  if (waiting && !window.confirm(t("%(n)s changes have not been sent. Sign out anyway and discard them?", { n: waiting }))) {
    return false;
  }
  app.db?.close();
  return true;
}

/** The shell (the page shown offline) is fetched again when missing, older than this, or in another language or
 * for another user. */
const SHELL_FRESH_MS = 10 * 60_000;

async function keepShellFresh() {
  const key = "sitar-shell-fetched";
  const stamp = `${document.documentElement.lang}|${userId}`;
  const [when, ...rest] = (localStorage.getItem(key) || "0|").split("|");
  const kept = "caches" in window && (await caches.match(SHELL_URL));
  if (kept && rest.join("|") === stamp && Date.now() - Number(when) < SHELL_FRESH_MS) return;
  if (await refreshShell()) localStorage.setItem(key, `${Date.now()}|${stamp}`);
}

async function start() {
  if (!userId) return;
  registerWorker().then((registration) => registration && keepShellFresh());
  await deleteOthers(userId);
  app.db = openStore(userId);
  await app.db.open();
  // Wiped from outside (a sign-out in another tab, the logout's Clear-Site-Data): this page stops using it.
  app.db.on("close", () => clearInterval(app.timer));
  await expire(app.db);
  wireSignOut({ confirm: confirmSignOut });
  window.addEventListener("online", () => sync());
  window.addEventListener("offline", () => drawBar());
  window.addEventListener("storage", () => drawBar());
  if (root) {
    await draw();
    document.addEventListener("sitar:synced", () => {
      if (location.pathname === "/offline/" && !new URLSearchParams(location.search).get("conflict")) draw();
    });
  }
  await drawBar();
  sync();
  // Another tab's changes show in this one's bar.
  app.timer = setInterval(drawBar, 5000);
}

start();
