// A unified diff (git's) as a table: each file's name, its hunks, lines added and deleted marked.
import { el } from "./dom.js";

/** The diff's lines, each with its kind: file, hunk, add, del, context or meta. */
export function parseDiff(diff) {
  const lines = [];
  let oldLine = 0;
  let newLine = 0;
  let inHunk = false; // a file's header ends at its first hunk: "--- x" after it is a deleted "-- x"
  for (const line of diff.split("\n")) {
    if (line.startsWith("diff --git ")) {
      inHunk = false;
      lines.push({ kind: "file", text: line.replace(/^diff --git a\/(.*) b\/.*$/, "$1") });
    } else if (!inHunk && (line.startsWith("--- ") || line.startsWith("+++ ") || /^(index|new file|deleted file|similarity|rename) /.test(line))) {
      lines.push({ kind: "meta", text: line });
    } else if (line.startsWith("@@")) {
      inHunk = true;
      const numbers = /^@@ -(\d+)(?:,\d+)? \+(\d+)/.exec(line);
      oldLine = numbers ? Number(numbers[1]) : 0;
      newLine = numbers ? Number(numbers[2]) : 0;
      lines.push({ kind: "hunk", text: line });
    } else if (line.startsWith("+")) {
      lines.push({ kind: "add", text: line.slice(1), newLine: newLine++ });
    } else if (line.startsWith("-")) {
      lines.push({ kind: "del", text: line.slice(1), oldLine: oldLine++ });
    } else if (line.startsWith(" ")) {
      lines.push({ kind: "context", text: line.slice(1), oldLine: oldLine++, newLine: newLine++ });
    } else if (line !== "") {
      lines.push({ kind: "meta", text: line });
    }
  }
  return lines;
}

const SIGN = { add: "+", del: "−", context: " " };

/** The diff rendered: file names as headings, hunks, and numbered lines. */
export function renderDiff(diff) {
  const rows = parseDiff(diff)
    .filter((line) => line.kind !== "meta")
    .map((line) =>
      line.kind === "file" || line.kind === "hunk"
        ? el("tr", { class: line.kind }, el("td", { colspan: 4 }, line.text))
        : el(
            "tr",
            { class: line.kind },
            el("td", { class: "number" }, line.oldLine ?? ""),
            el("td", { class: "number" }, line.newLine ?? ""),
            el("td", { class: "sign" }, SIGN[line.kind]),
            el("td", { class: "code" }, line.text),
          ),
    );
  return el("table", { class: "diff" }, el("tbody", {}, rows));
}
