// Form parts of the offline pages: a labelled field with its errors, choices, and the picker of organisations
// from the copy (searched without diacritics).

import { fold, h, t } from "./dom.js";

let fieldCount = 0;

/** A labelled input, select or textarea; `errors` are the server's (or the page's) messages for it. */
export function field(label, control, errors = [], { wide = false, help = "" } = {}) {
  fieldCount += 1;
  const id = control.id || `f-${fieldCount}`;
  control.id = id;
  const list = errorList(errors);
  if (errors && errors.length) control.setAttribute("aria-invalid", "true");
  return h("div", { class: wide ? "field wide" : "field" }, h("label", { for: id }, label), control,
    help ? h("span", { class: "helptext" }, help) : null, list);
}

export function errorList(errors) {
  const messages = flatten(errors);
  if (!messages.length) return null;
  return h("ul", { class: "errorlist" }, messages.map((message) => h("li", {}, message)));
}

/** The messages of an error value (a list, a string, or nested rows) as plain strings. */
export function flatten(errors) {
  if (!errors) return [];
  if (typeof errors === "string" || typeof errors === "number") return [messageOf(errors)];
  if (Array.isArray(errors)) return errors.flatMap(flatten);
  return Object.values(errors).flatMap(flatten);
}

function messageOf(value) {
  if (value === 403) return t("Not allowed: the record is outside your territory.");
  if (value === 404) return t("The record is no longer within your reach.");
  return String(value);
}

export function select(name, choices, value, { blank = null, required = false } = {}) {
  const options = [];
  if (blank !== null) options.push(h("option", { value: "" }, blank));
  for (const [code, label] of choices) {
    options.push(h("option", { value: code, selected: String(code) === String(value ?? "") }, label));
  }
  return h("select", { name, required }, options);
}

export function input(name, value, attrs = {}) {
  return h("input", { name, value: value ?? "", ...attrs });
}

export function textarea(name, value, attrs = {}) {
  const area = h("textarea", { name, rows: 3, ...attrs });
  area.value = value ?? "";
  return area;
}

/** The organisations of the copy matching a query (every word, without diacritics), by name. */
export function findOrganizations(organizations, municipalities, query, limit = 50) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const found = organizations.filter((organization) => {
    const text = fold(
      [organization.name, organization.ico, organization.street, municipalities.get(organization.municipality)]
        .filter(Boolean)
        .join(" "),
    );
    return words.every((word) => text.includes(word));
  });
  found.sort((a, b) => a.name.localeCompare(b.name, "cs"));
  return { total: found.length, rows: found.slice(0, limit) };
}

/**
 * A picker of organisations: a search box, the matches as buttons to add, the chosen ones as buttons to remove.
 * `state.chosen` is an array of ids; `onChange` is called after each change.
 */
export function organizationPicker({ organizations, municipalities, chosen, errors, onChange, label }) {
  const byId = new Map(organizations.map((organization) => [organization.id, organization]));
  const chosenList = h("ul", { class: "picked" });
  const results = h("ul", { class: "picker-results", "aria-live": "polite" });
  const search = h("input", { type: "search", autocomplete: "off", placeholder: t("Search by name or place") });
  const drawChosen = () => {
    chosenList.replaceChildren(
      ...chosen.map((id) =>
        h("li", {}, h("span", {}, byId.get(id)?.name ?? t("Organisation %(id)s", { id })), " ",
          h("button", { type: "button", class: "button small secondary", "data-remove": id,
            onclick: () => { chosen.splice(chosen.indexOf(id), 1); drawChosen(); drawResults(); onChange?.(); } },
            t("Remove"))),
      ),
    );
  };
  const drawResults = () => {
    const query = search.value.trim();
    if (!query) { results.replaceChildren(); return; }
    const { rows } = findOrganizations(organizations, municipalities, query, 8);
    results.replaceChildren(
      ...rows.filter((row) => !chosen.includes(row.id)).map((row) =>
        h("li", {}, h("button", { type: "button", class: "button small secondary", "data-add": row.id,
          onclick: () => { chosen.push(row.id); search.value = ""; drawChosen(); drawResults(); onChange?.(); } },
          `${t("Add")}: ${row.name}`, municipalities.get(row.municipality) ? ` (${municipalities.get(row.municipality)})` : "")),
      ),
    );
  };
  search.addEventListener("input", drawResults);
  drawChosen();
  return h("fieldset", { class: "picker" }, h("legend", {}, label), chosenList,
    field(t("Find an organisation"), search, errors), results);
}
