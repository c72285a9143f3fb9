// The incident list: filters people use (job, owner, class, status, dates), kept in the page's
// address, the incidents newest first, and the week's charts over the same incidents.
import { json } from "./api.js";
import { drawCharts } from "./charts.js";
import { el, seconds, show, when } from "./dom.js";

/** The filters the page's address may carry, as the API names them. */
export const FILTERS = ["job", "owner", "class", "status", "from", "to"];

// the incident's stages in order (publisher-service's IncidentStages)
const STATUSES = ["RECEIVED", "IGNORED", "CONTEXT_READY", "CLASSIFIED", "TRANSIENT", "FIX_FAILED",
  "FIX_VERIFIED", "REPORTED", "PUBLISHED", "RESOLVED", "DISMISSED", "FIXED", "FAILED"];

/** The API's query for the address' filters; a date (yyyy-mm-dd) counts from its start, UTC. */
export function query(params) {
  const api = new URLSearchParams();
  for (const name of FILTERS) {
    const value = params.get(name);
    if (!value) continue;
    if (name === "from" || name === "to") {
      const start = Date.parse(value + "T00:00:00Z");
      if (Number.isNaN(start)) continue;
      api.set(name, new Date(name === "to" ? start + 86_400_000 : start).toISOString());
    } else {
      api.set(name, value);
    }
  }
  return api;
}

function filterForm(params, facets) {
  const options = (values) => [...new Set(values.filter(Boolean))].sort();
  const choice = (name, label, values) =>
    el("label", {}, label + " ",
      el("select", { name }, el("option", { value: "" }, "any"),
        options([...values, params.get(name)]).map((value) =>
          el("option", { value, selected: value === params.get(name) }, value))));
  const date = (name, label) =>
    el("label", {}, label + " ", el("input", { type: "date", name, value: params.get(name) ?? "" }));
  const form = el("form", { id: "filters", method: "get", action: "/" },
    choice("job", "job", facets.jobs),
    choice("owner", "owner", facets.owners),
    choice("class", "class", ["CODE", "SOURCE", "TRANSIENT", "UNKNOWN", "MIXED"]),
    choice("status", "status", STATUSES),
    date("from", "from"), date("to", "to"),
    el("button", { type: "submit" }, "Filter"),
    el("a", { class: "clear" }, "clear"));
  form.querySelector("a.clear").href = "/";
  form.addEventListener("change", () => form.requestSubmit());
  // only the filters that are set go in the address
  form.addEventListener("formdata", (event) => {
    for (const [name, value] of [...event.formData.entries()]) if (!value) event.formData.delete(name);
  });
  return form;
}

function row(incident, params) {
  const link = new URLSearchParams(params);
  link.set("incident", incident.incidentId);
  const a = el("a", {}, incident.jobName ?? incident.incidentId);
  a.href = "?" + link;
  return el("tr", { "data-id": incident.incidentId },
    el("td", {}, when(incident.receivedAt)),
    el("td", {}, a),
    el("td", { class: "run" }, incident.runId ?? "—"),
    el("td", { class: "class-" + incident.failureClass }, incident.failureClass ?? "—"),
    el("td", {}, incident.action ?? "—"),
    el("td", { class: "stage-" + incident.status }, incident.status),
    el("td", {}, incident.owner ?? "—"),
    el("td", {}, seconds(incident.receivedAt, incident.publishedAt) ?? "—"));
}

/** The list view for the address' filters. */
export async function showList(main, params) {
  const api = query(params);
  const [incidents, summary, facets] = await Promise.all([
    json("/incidents?limit=1000&" + api), json("/incidents/summary?" + api), json("/incidents/facets"),
  ]);
  const drawing = performance.now();
  const published = summary.medianSecondsToPublished;
  show(main,
    filterForm(params, facets),
    el("p", { id: "figures" }, `${summary.incidents} incidents · median failed run → published ` +
      (published == null ? "—" : published + " s") +
      (incidents.length < summary.incidents ? ` · the newest ${incidents.length} listed` : "")),
    el("section", { id: "charts" }, drawCharts(summary.days)),
    el("table", { id: "incidents" },
      el("thead", {}, el("tr", {}, ["received (UTC)", "job", "run", "class", "action", "status", "owner", "to published"]
        .map((name) => el("th", {}, name)))),
      el("tbody", {}, incidents.length === 0
        ? el("tr", {}, el("td", { colspan: 8 }, "No incident matches."))
        : incidents.map((incident) => row(incident, params)))));
  return performance.now() - drawing;
}
