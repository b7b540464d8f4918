// The pages of the offline copy: what the shell (/offline/, served by the service worker for any page when there is
// no signal) shows for the address the tablet asked for. Changes go to the outbox; sync.js sends them.

import { h, newUuid, put, showDate, t, today } from "./dom.js";
import { errorList, field, findOrganizations, flatten, input, organizationPicker, select, textarea } from "./forms.js";
import { getMeta } from "./store.js";
import { OPEN_STATES, differing, ref } from "./sync.js";

const MEETING_FIELDS = ["kind", "title", "held_on", "location", "organizations", "contacts", "summary", "outcomes"];

/** The page for a path, or null when the offline copy has none. */
export function route(pathname) {
  const routes = [
    [/^\/$/, home],
    [/^\/organizations\/$/, directory],
    [/^\/organizations\/(\d+)\/$/, card],
    [/^\/meetings\/$/, meetingList],
    [/^\/meetings\/new\/$/, meetingForm],
    [/^\/meetings\/(\d+)\/$/, meetingDetail],
    [/^\/meetings\/(\d+)\/edit\/$/, meetingForm],
    [/^\/meetings\/followups\/$/, followups],
    [/^\/meetings\/needs\/$/, needList],
    [/^\/meetings\/needs\/new\/$/, needForm],
    [/^\/offline\/$/, changes],
  ];
  for (const [pattern, view] of routes) {
    const match = pathname.match(pattern);
    if (match) return (app) => view(app, match[1] ? Number(match[1]) : null);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------- helpers --

async function labels(app) {
  return (await getMeta(app.db, "labels")) || {};
}

function choices(map, skip = []) {
  return Object.entries(map || {}).filter(([code]) => !skip.includes(code));
}

function page(title, ...body) {
  document.title = `${title} · Síťař`;
  return [h("div", { class: "page-head" }, h("h1", {}, title)), ...body];
}

function link(href, text, cls = "") {
  return h("a", { href, class: cls || null }, text);
}

async function municipalityNames(app) {
  return new Map((await app.db.municipalities.toArray()).map((row) => [row.code, row.name]));
}

async function openChanges(app) {
  return (await app.db.outbox.orderBy("seq").toArray()).filter((change) => OPEN_STATES.includes(change.state));
}

function flash(text) {
  sessionStorage.setItem("sitar-offline-flash", text);
}

function takeFlash() {
  const text = sessionStorage.getItem("sitar-offline-flash");
  sessionStorage.removeItem("sitar-offline-flash");
  return text ? h("ul", { class: "messages" }, h("li", { class: "success" }, text)) : null;
}

/** Recent meetings a record can be verified on, or a need raised in: the copy's and those waiting to be sent. */
async function recentMeetings(app, organizationId = null) {
  const since = today(-14);
  const stored = (await app.db.meetings.where("held_on").aboveOrEqual(since).toArray())
    .filter((meeting) => organizationId === null || (meeting.organizations || []).includes(organizationId))
    .map((meeting) => ({ value: String(meeting.id), ref: meeting.id, label: `${showDate(meeting.held_on)} ${meeting.title}` }));
  const waiting = (await openChanges(app))
    .filter((change) => change.op === "create" && change.collection === "meetings")
    .filter((change) => organizationId === null || (change.body.organizations || []).includes(organizationId))
    .map((change) => ({ value: `u:${change.body.uuid}`, ref: ref("meetings", change.body.uuid),
      label: `${showDate(change.body.held_on)} ${change.body.title} (${t("waiting to be sent")})` }));
  return [...waiting, ...stored];
}

async function save(app, change, message, next) {
  const row = { state: "waiting", made_at: new Date().toISOString(), errors: null, ...change };
  if (row.seq) {
    await app.db.outbox.put(row);
  } else {
    delete row.seq; // a new change takes the next number
    await app.db.outbox.add(row);
  }
  flash(message);
  await app.changed();
  // With signal the change is sent before the next page (which would otherwise interrupt the sending).
  if (navigator.onLine) await Promise.race([app.sync(), new Promise((done) => setTimeout(done, 8000))]);
  location.assign(next);
}

// -------------------------------------------------------------------------------------------------- the pages --

async function home(app) {
  const [lastPull, user, open, followupRows, meetings] = await Promise.all([
    getMeta(app.db, "lastPull"),
    getMeta(app.db, "user"),
    openChanges(app),
    app.db.followups.filter((row) => !row.done_at).toArray(),
    app.db.meetings.orderBy("held_on").reverse().limit(8).toArray(),
  ]);
  const mine = followupRows
    .filter((row) => !user || !row.assignee || row.assignee === user.username)
    .sort((a, b) => String(a.due_on || "9999").localeCompare(String(b.due_on || "9999")))
    .slice(0, 8);
  return page(
    t("Offline copy"),
    takeFlash(),
    h("p", { class: "muted" }, lastPull ? t("Copy of your territory from %(when)s.", { when: showDate(lastPull, true) })
      : t("There is no copy of your territory on this tablet yet: open Síťař once with signal.")),
    h("div", { class: "actions" },
      link("/organizations/", t("Directory"), "button"),
      link("/meetings/new/", t("Log a meeting"), "button"),
      link("/meetings/needs/new/", t("Add a need"), "button secondary"),
      link("/meetings/followups/", t("Follow-ups"), "button secondary"),
      link("/offline/", t("Waiting changes (%(n)s)", { n: open.length }), "button secondary")),
    h("section", { class: "card" }, h("h2", {}, t("Open follow-ups")),
      mine.length ? h("ul", {}, mine.map((row) => h("li", {}, row.due_on ? `${showDate(row.due_on)} · ` : "", row.description)))
        : h("p", { class: "muted" }, t("No open follow-ups."))),
    h("section", { class: "card" }, h("h2", {}, t("Recent meetings")),
      meetings.length ? h("ul", {}, meetings.map((row) => h("li", {}, link(`/meetings/${row.id}/`, `${showDate(row.held_on)} ${row.title}`))))
        : h("p", { class: "muted" }, t("No meetings in the copy."))),
  );
}

async function directory(app) {
  const [organizations, municipalities, lab] = await Promise.all([
    app.db.organizations.toArray(), municipalityNames(app), labels(app)]);
  const query = new URLSearchParams(location.search).get("q") || "";
  const box = h("input", { type: "search", name: "q", value: query, autocomplete: "off" });
  const list = h("div", { class: "offline-results" });
  const draw = () => {
    const { total, rows } = findOrganizations(organizations, municipalities, box.value, 100);
    list.replaceChildren(
      h("p", { class: "muted" }, t("%(n)s organisations", { n: total })),
      h("ul", { class: "offline-list" }, rows.map((row) => h("li", {},
        link(`/organizations/${row.id}/`, row.name), " ",
        h("span", { class: "muted" }, [lab["organization.kind"]?.[row.kind], municipalities.get(row.municipality)]
          .filter(Boolean).join(" · "))))),
    );
  };
  box.addEventListener("input", draw);
  draw();
  return page(t("Directory"),
    h("form", { method: "get", action: "/organizations/", role: "search", onsubmit: (event) => { event.preventDefault(); draw(); } },
      field(t("Search"), box)),
    list);
}

async function card(app, id) {
  const organization = await app.db.organizations.get(id);
  if (!organization) return notHere();
  const [services, contacts, linksFrom, linksTo, municipalities, lab, kinds] = await Promise.all([
    app.db.services.where("organization").equals(id).toArray(),
    app.db.contacts.where("organization").equals(id).toArray(),
    app.db.links.where("source").equals(id).toArray(),
    app.db.links.where("target").equals(id).toArray(),
    municipalityNames(app), labels(app),
    app.db.service_kinds.toArray().then((rows) => new Map(rows.map((row) => [row.code, row.name]))),
  ]);
  const others = new Map((await app.db.organizations.bulkGet([...linksFrom.map((l) => l.target), ...linksTo.map((l) => l.source)]))
    .filter(Boolean).map((row) => [row.id, row.name]));
  const waitingVerify = (await openChanges(app)).some((change) => change.op === "verify" && change.target === id);
  const meetings = await recentMeetings(app, id);
  const meetingChoice = select("meeting", meetings.map((m) => [m.value, m.label]), meetings[0]?.value, { blank: t("without a meeting") });
  const verify = h("form", { class: "actions", onsubmit: async (event) => {
    event.preventDefault();
    const chosen = meetings.find((m) => m.value === meetingChoice.value);
    await save(app, { op: "verify", collection: "organizations", target: id, body: chosen ? { meeting: chosen.ref } : {},
      label: t("Verified: %(name)s", { name: organization.name }) }, t("Verification saved on the tablet."), location.pathname);
  } }, field(t("Verified on the visit"), meetingChoice), h("button", { class: "button", type: "submit" }, t("Verified on this visit")));
  const address = [organization.street, organization.postcode, municipalities.get(organization.municipality)].filter(Boolean).join(", ");
  return page(organization.name,
    takeFlash(),
    h("section", { class: "card" },
      h("p", {}, [lab["organization.kind"]?.[organization.kind], lab["organization.status"]?.[organization.status]].filter(Boolean).join(" · ")),
      address ? h("p", {}, address) : null,
      organization.phone ? h("p", {}, link(`tel:${organization.phone}`, organization.phone)) : null,
      organization.email ? h("p", {}, link(`mailto:${organization.email}`, organization.email)) : null,
      organization.web ? h("p", {}, organization.web) : null,
      h("p", { class: "muted" }, organization.verified_at ? t("Verified %(when)s", { when: showDate(organization.verified_at) }) : t("Not verified yet")),
      waitingVerify ? h("p", { class: "badge" }, t("Verification waiting to be sent")) : null,
      h("div", { class: "actions" }, link(`/meetings/new/?organization=${id}`, t("Log a meeting with this organisation"), "button"))),
    h("section", { class: "card" }, h("h2", {}, t("Services")),
      services.length ? h("ul", {}, services.map((s) => h("li", {}, s.name, h("span", { class: "muted" },
        ` · ${[kinds.get(s.kind), lab["service.status"]?.[s.status], s.free_places != null ? t("free places: %(n)s", { n: s.free_places }) : null].filter(Boolean).join(" · ")}`))))
        : h("p", { class: "muted" }, t("No services."))),
    h("section", { class: "card" }, h("h2", {}, t("Contact persons")),
      contacts.length ? h("ul", {}, contacts.map((c) => h("li", {}, c.name, c.position ? ` (${c.position})` : "",
        c.phone ? [" · ", link(`tel:${c.phone}`, c.phone)] : null, c.email ? [" · ", link(`mailto:${c.email}`, c.email)] : null)))
        : h("p", { class: "muted" }, t("No contact persons you may see."))),
    h("section", { class: "card" }, h("h2", {}, t("Cooperation")),
      linksFrom.length + linksTo.length ? h("ul", {}, [...linksFrom, ...linksTo].map((l) => {
        const other = l.source === id ? l.target : l.source;
        return h("li", {}, others.has(other) ? link(`/organizations/${other}/`, others.get(other)) : t("an organisation outside your copy"),
          h("span", { class: "muted" }, ` · ${[lab["link.kind"]?.[l.kind] ?? l.kind, l.strength ? t("strength %(n)s", { n: l.strength }) : null].filter(Boolean).join(" · ")}`));
      })) : h("p", { class: "muted" }, t("No cooperation recorded."))),
    h("section", { class: "card" }, h("h2", {}, t("Verify the record")), verify),
  );
}

async function meetingList(app) {
  const meetings = await app.db.meetings.orderBy("held_on").reverse().toArray();
  const waiting = (await openChanges(app)).filter((c) => c.op === "create" && c.collection === "meetings");
  return page(t("Meetings"),
    h("div", { class: "actions" }, link("/meetings/new/", t("Log a meeting"), "button")),
    waiting.length ? h("section", { class: "card" }, h("h2", {}, t("Waiting to be sent")),
      h("ul", {}, waiting.map((c) => h("li", {}, `${showDate(c.body.held_on)} ${c.body.title}`)))) : null,
    h("ul", { class: "offline-list" }, meetings.map((m) => h("li", {}, link(`/meetings/${m.id}/`, `${showDate(m.held_on)} ${m.title}`)))));
}

async function meetingDetail(app, id) {
  const meeting = await app.db.meetings.get(id);
  if (!meeting) return notHere();
  const lab = await labels(app);
  const names = (await app.db.organizations.bulkGet(meeting.organizations || [])).filter(Boolean).map((o) => o.name);
  const followupRows = await app.db.followups.where("meeting").equals(id).toArray();
  return page(meeting.title,
    takeFlash(),
    h("section", { class: "card" },
      h("p", {}, [showDate(meeting.held_on), lab["meeting.kind"]?.[meeting.kind], meeting.location].filter(Boolean).join(" · ")),
      names.length ? h("p", {}, names.join(", ")) : null,
      meeting.summary ? h("p", {}, meeting.summary) : null,
      meeting.outcomes ? h("p", {}, meeting.outcomes) : null,
      followupRows.length ? h("ul", {}, followupRows.map((f) => h("li", {}, f.description, f.done_at ? ` ✓` : ""))) : null,
      h("div", { class: "actions" }, link(`/meetings/${id}/edit/`, t("Edit"), "button"))));
}

async function meetingForm(app, id = null, correcting = null) {
  const lab = await labels(app);
  const [organizations, municipalities, districts, contactsAll, user] = await Promise.all([
    app.db.organizations.toArray(), municipalityNames(app), app.db.districts.toArray(), app.db.contacts.toArray(),
    getMeta(app.db, "user")]);
  let change = correcting;
  let record = null;
  if (id !== null) {
    record = await app.db.meetings.get(id);
    if (!record) return notHere();
    change = change || (await openChanges(app)).find((c) => c.op === "update" && c.collection === "meetings" && c.target === id) || null;
  }
  const start = { ...(record || {}), ...(change?.body || {}) };
  const errors = change?.errors || {};
  const params = new URLSearchParams(location.search);
  const chosen = [...(start.organizations || (params.get("organization") ? [Number(params.get("organization"))] : []))];
  const chosenContacts = new Set(start.contacts || []);
  const form = h("form", { class: "offline-form", novalidate: true });
  const values = {
    kind: select("kind", choices(lab["meeting.kind"], ["case_conference"]), start.kind || "visit", { required: true }),
    title: input("title", start.title, { required: true, maxlength: 255 }),
    held_on: input("held_on", start.held_on || today(), { type: "date", required: true }),
    district: select("district", districts.map((d) => [d.code, d.name]), start.district || districts[0]?.code, { required: true }),
    location: input("location", start.location, { maxlength: 255 }),
    summary: textarea("summary", start.summary),
    outcomes: textarea("outcomes", start.outcomes),
  };
  const contactBox = h("div", { class: "contact-choices" });
  const drawContacts = () => {
    const rows = contactsAll.filter((c) => chosen.includes(c.organization));
    contactBox.replaceChildren(...(rows.length ? [h("p", { class: "helptext" }, t("Contact persons present"))] : []),
      ...rows.map((c) => h("label", { class: "choice" }, h("input", { type: "checkbox", name: "contacts", value: c.id,
        checked: chosenContacts.has(c.id), onchange: (event) => (event.target.checked ? chosenContacts.add(c.id) : chosenContacts.delete(c.id)) }), ` ${c.name}`)));
  };
  drawContacts();
  const rowsOf = (name, make) => {
    const box = h("div", { class: "inline-rows", "data-rows": name });
    const add = (row = {}, rowErrors = {}) => box.append(make(row, rowErrors, () => box.querySelectorAll("[data-row]").length));
    (start[name] || []).forEach((row, index) => add(row, errors[name]?.[index] || errors[name]?.[String(index)] || {}));
    return { box, add };
  };
  const followupRows = rowsOf("followups", (row, rowErrors) => h("fieldset", { "data-row": "followup" },
    h("legend", {}, t("Follow-up")),
    field(t("Task"), input("description", row.description, { maxlength: 500, required: true }), rowErrors.description, { wide: true }),
    field(t("Due on"), input("due_on", row.due_on, { type: "date" }), rowErrors.due_on),
    h("button", { type: "button", class: "button small secondary", onclick: (event) => event.target.closest("fieldset").remove() }, t("Remove"))));
  const needRows = rowsOf("needs", (row, rowErrors) => h("fieldset", { "data-row": "need" },
    h("legend", {}, t("Need")),
    field(t("Title"), input("title", row.title, { maxlength: 255, required: true }), rowErrors.title, { wide: true }),
    field(t("Category"), select("category", choices(lab["need.category"]), row.category, { blank: "—", required: true }), rowErrors.category),
    field(t("Priority"), select("priority", choices(lab["need.priority"]), row.priority || "medium"), rowErrors.priority),
    field(t("Description"), textarea("description", row.description), rowErrors.description, { wide: true }),
    h("button", { type: "button", class: "button small secondary", onclick: (event) => event.target.closest("fieldset").remove() }, t("Remove"))));
  const creating = id === null;
  put(form,
    errorList(errors.non_field_errors),
    h("div", { class: "form-grid" },
      field(t("Kind"), values.kind, errors.kind),
      field(t("Title"), values.title, errors.title),
      field(t("Date"), values.held_on, errors.held_on),
      creating ? field(t("District (ORP)"), values.district, errors.district) : null,
      field(t("Place"), values.location, errors.location),
      field(t("Summary"), values.summary, errors.summary, { wide: true }),
      field(t("Agreed outcomes"), values.outcomes, errors.outcomes, { wide: true })),
    organizationPicker({ organizations, municipalities, chosen, errors: errors.organizations, label: t("Participating organisations"), onChange: drawContacts }),
    contactBox, errorList(errors.contacts),
    creating ? [h("h2", {}, t("Follow-ups")), followupRows.box,
      h("button", { type: "button", class: "button secondary", "data-add-row": "followups", onclick: () => followupRows.add() }, t("Add a follow-up")),
      h("h2", {}, t("Needs heard")), needRows.box,
      h("button", { type: "button", class: "button secondary", "data-add-row": "needs", onclick: () => needRows.add() }, t("Add a need"))] : null,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "button" }, t("Save on the tablet"))),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {
      kind: values.kind.value, title: values.title.value.trim(), held_on: values.held_on.value,
      location: values.location.value.trim(), summary: values.summary.value, outcomes: values.outcomes.value,
      organizations: [...chosen], contacts: [...chosenContacts].filter((c) => contactsAll.some((row) => row.id === c && chosen.includes(row.organization))),
    };
    const problems = {};
    if (!body.title) problems.title = [t("This field is required.")];
    if (!body.held_on) problems.held_on = [t("This field is required.")];
    if (creating) {
      body.district = values.district.value;
      body.uuid = change?.body?.uuid || newUuid();
      body.recorded_at = change?.body?.recorded_at || new Date().toISOString();
      body.followups = [...followupRows.box.querySelectorAll("[data-row=followup]")].map((row, index) => ({
        uuid: change?.body?.followups?.[index]?.uuid || newUuid(),
        description: row.querySelector("[name=description]").value.trim(),
        due_on: row.querySelector("[name=due_on]").value || null,
        ...(user ? { assignee: user.username } : {}),
      }));
      body.needs = [...needRows.box.querySelectorAll("[data-row=need]")].map((row, index) => ({
        uuid: change?.body?.needs?.[index]?.uuid || newUuid(),
        title: row.querySelector("[name=title]").value.trim(),
        category: row.querySelector("[name=category]").value,
        priority: row.querySelector("[name=priority]").value,
        description: row.querySelector("[name=description]").value,
      }));
      body.followups.forEach((row, index) => { if (!row.description) (problems.followups ||= {})[index] = { description: [t("This field is required.")] }; });
      body.needs.forEach((row, index) => {
        if (!row.title) ((problems.needs ||= {})[index] ||= {}).title = [t("This field is required.")];
        if (!row.category) ((problems.needs ||= {})[index] ||= {}).category = [t("This field is required.")];
      });
    }
    if (Object.keys(problems).length) {
      form.querySelectorAll(".errorlist").forEach((node) => node.remove());
      form.prepend(...[errorList([t("Please correct the fields marked below.")]), errorList(flatten(problems))].filter(Boolean));
      window.scrollTo(0, 0);
      return;
    }
    if (creating) {
      await save(app, { seq: change?.seq, op: "create", collection: "meetings", body, label: t("Meeting: %(title)s", { title: body.title }) },
        t("The meeting is saved on the tablet."), "/");
    } else {
      const changed = Object.fromEntries(MEETING_FIELDS.filter((name) => JSON.stringify(body[name] ?? "") !== JSON.stringify(record[name] ?? ""))
        .map((name) => [name, body[name]]));
      if (!Object.keys(changed).length && !change) { location.assign(`/meetings/${id}/`); return; }
      await save(app, { seq: change?.seq, op: "update", collection: "meetings", target: id, body: changed,
        etag: change?.etag || record.etag, base: change?.base || record, label: t("Meeting changed: %(title)s", { title: body.title }) },
        t("The change is saved on the tablet."), `/meetings/${id}/`);
    }
  });
  return page(creating ? t("Log a meeting") : t("Edit the meeting"), form);
}

async function followups(app) {
  const [rows, open] = await Promise.all([app.db.followups.filter((row) => !row.done_at).toArray(), openChanges(app)]);
  const pending = new Set(open.filter((c) => c.op === "done").map((c) => c.target));
  rows.sort((a, b) => String(a.due_on || "9999").localeCompare(String(b.due_on || "9999")));
  return page(t("Follow-ups"), takeFlash(),
    rows.length ? h("ul", { class: "offline-list" }, rows.map((row) => h("li", { "data-followup": row.id },
      h("span", {}, row.due_on ? `${showDate(row.due_on)} · ` : "", row.description), " ",
      pending.has(row.id) ? h("span", { class: "badge" }, t("done — waiting to be sent"))
        : h("button", { type: "button", class: "button small", onclick: () => save(app, { op: "done", collection: "followups", target: row.id,
          label: t("Follow-up done: %(task)s", { task: row.description }) }, t("Marked done on the tablet."), "/meetings/followups/") }, t("Done")))))
      : h("p", { class: "muted" }, t("No open follow-ups.")));
}

async function needList(app) {
  const [rows, lab, open] = await Promise.all([app.db.needs.toArray(), labels(app), openChanges(app)]);
  const waiting = open.filter((c) => c.op === "create" && c.collection === "needs");
  return page(t("Needs"),
    h("div", { class: "actions" }, link("/meetings/needs/new/", t("Add a need"), "button")),
    waiting.length ? h("ul", {}, waiting.map((c) => h("li", {}, c.body.title, " ", h("span", { class: "badge" }, t("waiting to be sent"))))) : null,
    h("ul", { class: "offline-list" }, rows.map((row) => h("li", {}, row.title, h("span", { class: "muted" },
      ` · ${[lab["need.category"]?.[row.category], lab["need.status"]?.[row.status]].filter(Boolean).join(" · ")}`)))));
}

async function needForm(app, _id = null, change = null) {
  const lab = await labels(app);
  const start = change?.body || {};
  const errors = change?.errors || {};
  const districts = await app.db.districts.toArray();
  const meetings = await recentMeetings(app);
  const values = {
    title: input("title", start.title, { required: true, maxlength: 255 }),
    category: select("category", choices(lab["need.category"]), start.category, { blank: "—", required: true }),
    priority: select("priority", choices(lab["need.priority"]), start.priority || "medium"),
    district: select("district", districts.map((d) => [d.code, d.name]), start.district || districts[0]?.code),
    raised_in: select("raised_in", meetings.map((m) => [m.value, m.label]), change?.raisedIn || "", { blank: t("not at a meeting") }),
    description: textarea("description", start.description),
  };
  const form = h("form", { class: "offline-form", novalidate: true },
    errorList(errors.non_field_errors),
    h("div", { class: "form-grid" },
      field(t("Title"), values.title, errors.title), field(t("Category"), values.category, errors.category),
      field(t("Priority"), values.priority, errors.priority), field(t("District (ORP)"), values.district, errors.district),
      field(t("Heard at the meeting"), values.raised_in, errors.raised_in),
      field(t("Description"), values.description, errors.description, { wide: true })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "button" }, t("Save on the tablet"))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { uuid: start.uuid || newUuid(), recorded_at: start.recorded_at || new Date().toISOString(),
      title: values.title.value.trim(), category: values.category.value, priority: values.priority.value,
      district: values.district.value, description: values.description.value };
    const meeting = meetings.find((m) => m.value === values.raised_in.value);
    if (meeting) body.raised_in = meeting.ref;
    const problems = [];
    if (!body.title) problems.push(`${t("Title")}: ${t("This field is required.")}`);
    if (!body.category) problems.push(`${t("Category")}: ${t("This field is required.")}`);
    if (problems.length) { form.querySelectorAll(".errorlist").forEach((n) => n.remove()); form.prepend(...[errorList(problems)].filter(Boolean)); return; }
    await save(app, { seq: change?.seq, op: "create", collection: "needs", body, raisedIn: values.raised_in.value,
      label: t("Need: %(title)s", { title: body.title }) }, t("The need is saved on the tablet."), "/meetings/needs/");
  });
  return page(t("Add a need"), form);
}

// ------------------------------------------------------------------------------- waiting changes and conflicts --

const STATE_TEXT = {
  waiting: "waiting", sending: "sending", refused: "refused by the server", conflict: "changed by somebody else", sent: "sent",
};

async function changes(app) {
  const params = new URLSearchParams(location.search);
  if (params.get("conflict")) return merge(app, Number(params.get("conflict")));
  if (params.get("edit")) return correct(app, Number(params.get("edit")));
  const rows = await app.db.outbox.orderBy("seq").toArray();
  const lastPull = await getMeta(app.db, "lastPull");
  return page(t("Waiting changes"), takeFlash(),
    h("p", { class: "muted" }, lastPull ? t("Last sync %(when)s.", { when: showDate(lastPull, true) }) : t("Not synced yet.")),
    h("div", { class: "actions" }, h("button", { type: "button", class: "button", "data-sync": "", onclick: () => app.sync({ force: true }) }, t("Send now"))),
    rows.length ? h("ol", { class: "offline-changes" }, rows.map((change) => h("li", { class: `change ${change.state}`, "data-change": change.seq, "data-state": change.state },
      h("strong", {}, change.label), " ", h("span", { class: "badge" }, t(STATE_TEXT[change.state] || change.state)),
      h("span", { class: "muted" }, ` · ${showDate(change.made_at, true)}`),
      change.state === "refused" ? errorList(change.errors) : null,
      change.state === "refused" || change.state === "conflict" ? h("div", { class: "actions" },
        change.state === "conflict" ? link(`/offline/?conflict=${change.seq}`, t("Compare and choose"), "button")
          : correction(change),
        h("button", { type: "button", class: "button secondary", onclick: async () => {
          if (!window.confirm(t("Discard this change? What you typed in it will be lost."))) return;
          await app.db.outbox.delete(change.seq); await app.changed(); location.reload();
        } }, t("Discard"))) : null)))
      : h("p", { class: "muted" }, t("Nothing is waiting.")));
}

// The changes a form can correct (the others can only be discarded). Corrected on the shell's own address, so the
// tablet's form opens online too.
function correctable(change) {
  return (change.op === "create" && ["meetings", "needs"].includes(change.collection))
    || (change.op === "update" && change.collection === "meetings");
}

function correction(change) {
  return correctable(change) ? link(`/offline/?edit=${change.seq}`, t("Correct"), "button") : null;
}

async function correct(app, seq) {
  const change = await app.db.outbox.get(seq);
  if (!change || !correctable(change)) return notHere();
  if (change.collection === "needs") return needForm(app, null, change);
  return meetingForm(app, change.op === "update" ? change.target : null, change);
}

async function shown(app, name, value) {
  if (name === "organizations") {
    return (await app.db.organizations.bulkGet(value || [])).map((row, i) => row?.name ?? `#${value[i]}`).join(", ") || "—";
  }
  if (name === "contacts") {
    return (await app.db.contacts.bulkGet(value || [])).map((row, i) => row?.name ?? `#${value[i]}`).join(", ") || "—";
  }
  if (name === "kind") return (await labels(app))["meeting.kind"]?.[value] ?? value;
  if (name === "held_on") return showDate(value);
  return value === null || value === undefined || value === "" ? "—" : String(value);
}

async function merge(app, seq) {
  const change = await app.db.outbox.get(seq);
  if (!change || change.state !== "conflict") return page(t("Waiting changes"), h("p", {}, t("This change has no conflict to resolve.")), link("/offline/", t("Back")));
  const fields = differing(change, change.server);
  const rows = [];
  for (const name of fields) {
    rows.push(h("tr", { "data-field": name },
      h("th", { scope: "row" }, t(`field.${name}`)),
      h("td", {}, h("label", { class: "choice" }, h("input", { type: "radio", name, value: "tablet", checked: true }), " ", await shown(app, name, change.body[name]))),
      h("td", {}, h("label", { class: "choice" }, h("input", { type: "radio", name, value: "server" }), " ", await shown(app, name, change.server[name])))));
  }
  const form = h("form", { class: "offline-form" },
    h("p", {}, t("Somebody changed this record on the server after you began. Choose, field by field, which value to keep; the other fields keep the server's values.")),
    h("div", { class: "table-wrap" }, h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, t("Field")), h("th", {}, t("On this tablet")), h("th", {}, t("On the server")))), h("tbody", {}, rows))),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "button" }, t("Save the merged record"))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {};
    for (const name of fields) if (form.querySelector(`input[name="${name}"]:checked`)?.value === "tablet") body[name] = change.body[name];
    if (!Object.keys(body).length) {
      await app.db.outbox.delete(seq);
      flash(t("The server's version is kept."));
    } else {
      await app.db.outbox.put({ ...change, body, etag: change.serverEtag, base: change.server, server: null, state: "waiting", errors: null });
      flash(t("The merged record is waiting to be sent."));
    }
    await app.changed();
    await app.sync({ force: true });
    location.assign("/offline/");
  });
  return page(t("Compare and choose"), h("p", {}, h("strong", {}, change.label)), form);
}

function notHere() {
  return page(t("Not in the offline copy"),
    h("p", {}, t("This page is not available without signal. It will open when the tablet is online again.")),
    h("div", { class: "actions" }, link("/", t("Offline copy"), "button"), link("/organizations/", t("Directory"), "button secondary")));
}

export { notHere };
