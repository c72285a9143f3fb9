// A SOURCE group's report as a person reads it: each diagnostic query with its result as a small
// table, the owner, the next steps, and the drafted email with a copy button.
import { artifactPath } from "./api.js";
import { el, link, list, table } from "./dom.js";

/** A diagnostic query's result: {columns, rows, truncated} as a table, else its text. */
export function resultTable(result) {
  let parsed;
  try {
    parsed = JSON.parse(result);
  } catch (ignored) {
    return el("pre", { class: "result" }, result ?? "—");
  }
  // the events leave an empty list out: a result with columns and no rows has no "rows"
  const rows = Array.isArray(parsed) ? parsed : Array.isArray(parsed?.columns) ? list(parsed.rows) : parsed?.rows;
  if (!Array.isArray(rows)) return el("pre", { class: "result" }, result);
  const columns = Array.isArray(parsed.columns)
    ? parsed.columns
    : (Array.isArray(rows[0]) ? rows[0] : []).map((ignored, i) => "column " + (i + 1));
  const cells = rows.map((row) => (Array.isArray(row) ? row : [row]).map((value) =>
    value == null ? "null" : typeof value === "object" ? JSON.stringify(value) : String(value)));
  const shown = table(columns.map(String), cells, { class: "result" });
  return parsed.truncated ? el("div", {}, shown, el("p", { class: "note" }, "(more rows than shown)")) : shown;
}

function copyButton(text) {
  const button = el("button", { type: "button", class: "copy" }, "Copy the email");
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text); // only in a secure context (https, localhost)
      button.textContent = "Copied";
    } catch (ignored) {
      button.textContent = "Copying needs https: select the text above";
    }
  });
  return button;
}

/** The report of {@code report} (a source.reported event). */
export function sourceReport(incidentId, report) {
  const owner = report.owner;
  const email = report.email;
  return el("div", { class: "report" },
    el("p", {}, report.summary),
    report.relationName ? el("p", {}, "The data: ", el("code", {}, report.relationName)) : null,
    owner ? el("p", { class: "owner" }, "Owner: ", owner.name ?? "—", owner.email ? " <" + owner.email + ">" : "") : null,
    el("h4", {}, "Diagnostic queries"),
    list(report.diagnostics).length === 0 ? el("p", {}, "None ran.") : null,
    list(report.diagnostics).map((query) =>
      el("div", { class: "query" },
        el("p", {}, query.summary ?? "",
          el("span", { class: "note" }, ` · ${query.rowCount ?? "?"} rows in ${query.durationMs ?? "?"} ms`)),
        query.query ? el("pre", { class: "sql" }, query.query) : null,
        query.result != null ? resultTable(query.result) : null)),
    list(report.nextSteps).length > 0 ? [el("h4", {}, "Next steps"), el("ol", {}, list(report.nextSteps).map((step) => el("li", {}, step)))] : null,
    email ? [el("h4", {}, "For the data's owner"),
      el("div", { class: "email" },
        el("p", {}, "To: ", email.to ?? "—"), el("p", {}, "Subject: ", email.subject ?? "—"),
        el("pre", { class: "body" }, email.body ?? ""), copyButton(`To: ${email.to ?? ""}\nSubject: ${email.subject ?? ""}\n\n${email.body ?? ""}`))] : null,
    report.reportUri ? el("p", {}, link(artifactPath(incidentId, report.reportUri), "The full report")) : null);
}
