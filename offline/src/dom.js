// Building the offline pages: elements made with the DOM (never innerHTML with data), the strings of the page's
// language (given by the server in the data-strings of #offline-bar and #offline-app, translated in the project's
// .po file), dates and search text.

let strings = null;

/** The translated string `key` (see offline/strings.py), with %(name)s replaced from `values`. */
export function t(key, values = {}) {
  if (strings === null) {
    strings = {};
    for (const id of ["offline-bar", "offline-app"]) {
      const node = document.getElementById(id);
      if (node?.dataset.strings) Object.assign(strings, JSON.parse(node.dataset.strings));
    }
  }
  const text = strings[key] ?? key;
  return text.replace(/%\((\w+)\)s/g, (_, name) => String(values[name] ?? ""));
}

/** An element: h("a", {href: "/", class: "button"}, "text", child, [more children]). */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

/** Add children to an element as h() does (arrays flattened, null and false left out). */
export function put(element, ...children) {
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Lower case without diacritics, for a search that finds "Pelhřimov" by "pelhrimov". */
export function fold(text) {
  return String(text ?? "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

/** Today's date on the tablet as YYYY-MM-DD. */
export function today(offsetDays = 0) {
  const day = new Date();
  day.setDate(day.getDate() + offsetDays);
  const pad = (n) => String(n).padStart(2, "0");
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

/** A date (YYYY-MM-DD) or a time stamp as the page's language writes it. */
export function showDate(value, withTime = false) {
  if (!value) return "";
  const date = value.length === 10 ? new Date(`${value}T12:00:00`) : new Date(value);
  const options = withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" };
  return new Intl.DateTimeFormat(document.documentElement.lang || "cs", options).format(date);
}

/** The value of a cookie (the CSRF token). */
export function cookie(name) {
  const found = document.cookie.split("; ").find((part) => part.startsWith(`${name}=`));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
}

/** A random UUID (the record's id on the server too, so a repeated create is harmless). */
export function newUuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
