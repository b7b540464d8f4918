// Sync with the server: the waiting changes are sent in the order they were made, each with its UUID (a create) or
// the version it was made from (If-Match), so a change the server already has is never applied twice; then the copy
// of the territory is brought up to date from the delta feed (/api/v1/sync/?since=cursor).

import { cookie } from "./dom.js";
import { TERRITORY, getMeta, setMeta, wipeTerritory } from "./store.js";

export const API = "/api/v1/";
export const SYNC_URL = `${API}sync/`;

export class Offline extends Error {}
export class SignedOut extends Error {}

// A waiting change: {seq, op: "create"|"update"|"done"|"verify", collection, target?, body, etag?, base?,
// state: "waiting"|"sending"|"refused"|"conflict"|"sent", errors?, server?, serverEtag?, label, made_at}.
export const OPEN_STATES = ["waiting", "sending", "refused", "conflict"];

async function api(method, path, body, headers = {}) {
  const init = {
    method,
    credentials: "same-origin",
    headers: { Accept: "application/json", ...headers },
  };
  if (method !== "GET") {
    init.headers["Content-Type"] = "application/json";
    init.headers["X-CSRFToken"] = cookie("csrftoken");
    init.body = JSON.stringify(body ?? {});
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new Offline(String(error));
  }
  let data = null;
  if ((response.headers.get("Content-Type") || "").includes("json")) data = await response.json().catch(() => null);
  return { status: response.status, data, etag: response.headers.get("ETag") };
}

/** A reference to a record made on the tablet, resolved to its server id once the record is sent. */
export function ref(collection, uuid) {
  return { $ref: collection, uuid };
}

async function resolve(db, value) {
  if (Array.isArray(value)) {
    const out = [];
    for (const item of value) out.push(await resolve(db, item));
    return out.includes(undefined) ? undefined : out;
  }
  if (value && typeof value === "object" && value.$ref) {
    const row = await db.table(value.$ref).where("uuid").equals(value.uuid).first();
    return row ? row.id : undefined;
  }
  if (value && typeof value === "object") {
    const out = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = await resolve(db, item);
      if (out[key] === undefined) return undefined;
    }
    return out;
  }
  return value;
}

/** The request of a change, or null while it waits for a record made on the tablet before it. */
async function request(db, change) {
  const body = await resolve(db, change.body ?? {});
  const target = await resolve(db, change.target ?? null);
  if (body === undefined || target === undefined) return null;
  switch (change.op) {
    case "create":
      return { method: "POST", path: `${API}${change.collection}/`, body };
    case "update":
      return {
        method: "PATCH",
        path: `${API}${change.collection}/${target}/`,
        body,
        headers: change.etag ? { "If-Match": change.etag } : {},
      };
    case "done":
      return { method: "PATCH", path: `${API}followups/${target}/`, body: { done: true } };
    case "verify":
      return { method: "POST", path: `${API}organizations/${target}/verify/`, body };
    default:
      return null;
  }
}

function same(a, b) {
  const norm = (v) => (Array.isArray(v) ? [...v].sort() : v ?? "");
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/** The fields of an update on which the server's record differs from what the tablet wants. */
export function differing(change, current) {
  return Object.keys(change.body || {}).filter((field) => !same(change.body[field], current?.[field]));
}

async function store(db, collection, record, etag) {
  if (!record || !TERRITORY.includes(collection)) return;
  const row = { ...record, etag: etag ?? record.etag };
  if (collection === "meetings") {
    for (const followup of record.followups || []) await db.followups.put({ ...followup, meeting: record.id });
    for (const need of record.needs || []) await db.needs.put({ ...need, raised_in: record.id });
  }
  await db.table(collection).put(row);
}

/** Send the waiting changes in order. Throws Offline (no connection) or SignedOut (the session ended). */
export async function push(db) {
  const changes = await db.outbox.orderBy("seq").toArray();
  for (const change of changes) {
    if (change.state !== "waiting" && change.state !== "sending") continue;
    const call = await request(db, change);
    if (call === null) continue; // waits for an earlier change
    await db.outbox.update(change.seq, { state: "sending" });
    let answer;
    try {
      answer = await api(call.method, call.path, call.body, call.headers);
    } catch (error) {
      await db.outbox.update(change.seq, { state: "waiting" });
      throw error;
    }
    const { status, data, etag } = answer;
    if (status >= 200 && status < 300) {
      const collection = change.op === "verify" ? "organizations" : change.op === "done" ? "followups" : change.collection;
      await store(db, collection, data, etag);
      await db.outbox.update(change.seq, { state: "sent", sent_at: new Date().toISOString(), errors: null });
    } else if (status === 412 && data && change.op === "update") {
      const current = data.current || {};
      if (differing(change, current).length === 0) {
        // The server has this very change (its answer was lost on the way back): nothing to merge.
        await store(db, change.collection, current, `"${data.version}"`);
        await db.outbox.update(change.seq, { state: "sent", sent_at: new Date().toISOString() });
      } else {
        await db.outbox.update(change.seq, { state: "conflict", server: current, serverEtag: `"${data.version}"` });
      }
    } else if (status === 400 || status === 403 || status === 404) {
      const errors = status === 400 && data && typeof data === "object" ? data : { non_field_errors: [status] };
      await db.outbox.update(change.seq, { state: "refused", errors });
    } else if (status === 401) {
      await db.outbox.update(change.seq, { state: "waiting" });
      throw new SignedOut();
    } else {
      await db.outbox.update(change.seq, { state: "waiting" });
      throw new Offline(`HTTP ${status}`);
    }
  }
}

/** Bring the copy of the territory up to date. */
export async function pull(db) {
  const since = await getMeta(db, "cursor");
  const { status, data } = await api("GET", since ? `${SYNC_URL}?since=${encodeURIComponent(since)}` : SYNC_URL);
  if (status === 401 || status === 403) throw new SignedOut();
  if (status !== 200 || !data) throw new Offline(`HTTP ${status}`);
  const settings = data.settings || {};
  if (settings.shared_device) {
    await wipeTerritory(db);
    await setMeta(db, "sharedDevice", true);
    return data;
  }
  const tables = TERRITORY.map((name) => db.table(name)).concat([db.meta, db.outbox]);
  await db.transaction("rw", tables, async () => {
    if (data.full) for (const name of TERRITORY) await db.table(name).clear();
    for (const [name, rows] of Object.entries(data.records || {})) {
      if (TERRITORY.includes(name) && rows.length) await db.table(name).bulkPut(rows);
    }
    for (const [name, ids] of Object.entries(data.deleted || {})) {
      if (TERRITORY.includes(name) && ids.length) await db.table(name).bulkDelete(ids);
    }
    await setMeta(db, "cursor", data.cursor);
    await setMeta(db, "lastPull", new Date().toISOString());
    await setMeta(db, "sharedDevice", false);
    await setMeta(db, "offlineMaxDays", settings.offline_max_days ?? 14);
    await setMeta(db, "sessionExpiresAt", settings.session_expires_at ?? null);
    if (data.labels) await setMeta(db, "labels", data.labels);
    if (data.user) await setMeta(db, "user", data.user);
    // The changes sent before this pull are in the copy now.
    await db.outbox.where("state").equals("sent").delete();
  });
  return data;
}

/** Drop the copy when the session has ended or it has not been refreshed for longer than the setting allows. */
export async function expire(db, now = new Date()) {
  const lastPull = await getMeta(db, "lastPull");
  if (!lastPull) return false;
  const maxDays = await getMeta(db, "offlineMaxDays", 14);
  const sessionEnds = await getMeta(db, "sessionExpiresAt");
  const tooOld = now - new Date(lastPull) > maxDays * 86400000;
  const ended = sessionEnds && now > new Date(sessionEnds);
  if (tooOld || ended) {
    await wipeTerritory(db);
    return true;
  }
  return false;
}
