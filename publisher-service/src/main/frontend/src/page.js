// The incident page: the list with its filters and charts, or one incident (?incident=ID). When a
// view is drawn, <html data-rendered="ms" data-drawing="ms" data-count="n"> says how long it took
// from navigation, how much of that was drawing the answers, and how much it drew, for tests and
// benchmarks.
import { el } from "./dom.js";
import { showIncident } from "./incident.js";
import { FILTERS, showList } from "./list.js";

async function show() {
  const main = document.querySelector("main");
  const params = new URLSearchParams(location.search);
  const id = params.get("incident");
  try {
    if (id) {
      const back = new URLSearchParams();
      FILTERS.forEach((name) => params.get(name) && back.set(name, params.get(name)));
      document.documentElement.dataset.drawing = (await showIncident(main, id, "?" + back)).toFixed(1);
      document.title = "Pipeline Medic · " + (document.querySelector("#title")?.firstChild?.textContent ?? id);
    } else {
      document.documentElement.dataset.drawing = (await showList(main, params)).toFixed(1);
    }
  } catch (error) {
    main.replaceChildren(el("p", { class: "failed", id: "error" }, "Could not load: " + error.message));
  }
  // what was drawn: the list's rows, or the incident's lineage nodes
  const drawn = document.querySelectorAll(id ? "svg.lineage g.node" : "#incidents tr[data-id]");
  document.documentElement.dataset.count = drawn.length;
  document.documentElement.dataset.rendered = performance.now().toFixed(1);
}

show();
