// The page's only way to make elements: text always goes in as the DOM's own text nodes, never as
// markup, and a link goes only to an http(s) address or one of this service's own paths.
const SVG = "http://www.w3.org/2000/svg";

/** An element with attributes (class, data-*, aria-*, title, …) and children (nodes or text). */
export function el(tag, attributes = {}, ...children) {
  return fill(document.createElement(tag), attributes, children);
}

/** Replaces what {@code parent} holds with {@code children} (nodes, text, lists of them). */
export function show(parent, ...children) {
  parent.replaceChildren(...fill(document.createDocumentFragment(), {}, children).childNodes);
}

/** An SVG element, made the same way. */
export function svg(tag, attributes = {}, ...children) {
  return fill(document.createElementNS(SVG, tag), attributes, children);
}

function fill(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) continue;
    if (name === "href" || name.startsWith("on") || name === "src" || name === "style") {
      throw new Error("set " + name + " through link(), never as an attribute");
    }
    element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** The address as a link target, or null unless it is http(s) or a path of this service. */
export function safeUrl(address) {
  if (typeof address !== "string" || address === "") return null;
  try {
    const url = new URL(address, location.origin);
    if (url.protocol === "https:" || url.protocol === "http:") return url.href;
  } catch (ignored) {
    // not an address at all
  }
  return null;
}

/** Whether {@code address} is an absolute http(s) address (a channel's link, not its id). */
export const isWebAddress = (address) => typeof address === "string" && /^https?:\/\//i.test(address);

/** A link, or the text alone when the address is not one a page may open. */
export function link(address, ...children) {
  const url = safeUrl(address);
  if (url == null) return el("span", {}, ...children);
  const a = el("a", { rel: "noopener noreferrer" }, ...children);
  a.href = url;
  if (new URL(url).origin !== location.origin) a.target = "_blank";
  return a;
}

/** A table of rows (arrays of cells: text or nodes) under a header row. */
export function table(header, rows, attributes = {}) {
  return el(
    "table",
    attributes,
    el("thead", {}, el("tr", {}, header.map((name) => el("th", {}, name)))),
    el("tbody", {}, rows.map((row) => el("tr", {}, row.map((value) => el("td", {}, value ?? "—"))))),
  );
}

/** The short name of a dbt unique id: without its type and package, a test without its hash. */
export function shortName(uniqueId) {
  const id = String(uniqueId ?? "");
  const name = id.split(".").slice(2).join(".") || id;
  return id.startsWith("test.") ? name.replace(/\.[0-9a-f]{6,}$/, "") : name;
}

const UTC = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC", year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
});

/** An instant as "5 Dec 2026, 04:12 UTC". */
export const when = (instant) => (instant ? UTC.format(new Date(instant)) + " UTC" : "—");

/** Seconds between two instants, "12.3 s", or null. */
export const seconds = (from, to) =>
  from && to ? ((Date.parse(to) - Date.parse(from)) / 1000).toFixed(1) + " s" : null;

/** A list an event may leave out (the events omit empty lists): the list, or an empty one. */
export const list = (value) => (Array.isArray(value) ? value : []);
