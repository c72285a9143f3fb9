// The incident page: the list with its filters and charts, or one incident (?incident=ID). When a
// view is drawn, <html data-rendered="ms"> says how long it took, for tests and benchmarks.
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
      await showIncident(main, id, "?" + back);
      document.title = "Pipeline Medic · " + (document.querySelector("#title")?.firstChild?.textContent ?? id);
    } else {
      await showList(main, params);
    }
  } catch (error) {
    main.replaceChildren(el("p", { class: "failed", id: "error" }, "Could not load: " + error.message));
  }
  document.documentElement.dataset.rendered = performance.now().toFixed(1);
}

show();
