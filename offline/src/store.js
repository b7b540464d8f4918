// The tablet's copy of the user's territory and the changes waiting to be sent, in IndexedDB (Dexie).
//
// One database per user ("sitar-offline-<user id>"); another user's database is deleted when this one opens. The
// territory's tables are the least the field work needs (the server chooses: api/sync.py); the outbox holds what the
// user typed until the server has it.

import Dexie from "dexie";

export const PREFIX = "sitar-offline-";
export const TERRITORY = [
  "organizations",
  "services",
  "contacts",
  "links",
  "meetings",
  "followups",
  "needs",
  "districts",
  "municipalities",
  "service_kinds",
  "target_groups",
];

/** The user's database, not yet open (open() it). Closed from outside — a sign-out's wipe in another tab, the
 * logout's Clear-Site-Data — it stays closed: Dexie would otherwise open it again at the next query and so create
 * the database anew after the wipe. */
export function openStore(userId) {
  const db = new Dexie(`${PREFIX}${userId}`, { autoOpen: false });
  db.version(1).stores({
    meta: "key",
    organizations: "id, district",
    services: "id, organization",
    contacts: "id, organization",
    links: "id, source, target",
    meetings: "id, uuid, held_on",
    followups: "id, uuid, meeting",
    needs: "id, uuid",
    districts: "code",
    municipalities: "code",
    service_kinds: "code",
    target_groups: "code",
    // seq: the order in which the changes were made and are sent.
    outbox: "++seq, state",
  });
  return db;
}

export async function getMeta(db, key, fallback = null) {
  const row = await db.meta.get(key);
  return row ? row.value : fallback;
}

export async function setMeta(db, key, value) {
  await db.meta.put({ key, value });
}

/** Drop the copy of the territory (kept: the outbox and who it belongs to). */
export async function wipeTerritory(db) {
  await db.transaction("rw", TERRITORY.map((name) => db.table(name)).concat([db.meta]), async () => {
    for (const name of TERRITORY) await db.table(name).clear();
    for (const key of ["cursor", "lastPull", "labels", "districtCodes", "sessionExpiresAt"]) await db.meta.delete(key);
  });
}

/** Delete the databases of other users of this tablet. */
export async function deleteOthers(userId) {
  if (!indexedDB.databases) return;
  for (const { name } of await indexedDB.databases()) {
    if (name && name.startsWith(PREFIX) && name !== `${PREFIX}${userId}`) await Dexie.delete(name);
  }
}
