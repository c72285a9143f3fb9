// A CODE group's fix attempt: what changed and why, the diff, dbt's verification before → after,
// the guardrails, the branch and its pull request; for a failed attempt, the reason and transcript.
import { artifactPath, text } from "./api.js";
import { renderDiff } from "./diff.js";
import { el, link, list, shortName, table } from "./dom.js";

const TALLY = ["passed", "warned", "failed", "errored", "skipped"];

/** The verification: the tallies before and after, and each node's status in the run and after. */
export function verificationTable(verification, failures) {
  const before = verification.before ?? {};
  const after = verification.after ?? {};
  const inRun = new Map(failures.map((failure) => [failure.uniqueId, failure.status]));
  return el("div", { class: "verification" },
    el("p", { class: verification.passed ? "passed" : "failed" },
      verification.passed ? "Verified: dbt passed after the change" : "Not verified: dbt did not pass after the change",
      verification.durationMs ? ` (${(verification.durationMs / 1000).toFixed(1)} s)` : ""),
    table(["", ...TALLY], [
      ["before", ...TALLY.map((name) => before[name] ?? "—")],
      ["after", ...TALLY.map((name) => after[name] ?? "—")],
    ], { class: "tally" }),
    list(verification.command).length > 0
      ? el("details", {}, el("summary", {}, "the command"), el("pre", {}, list(verification.command).join(" ")))
      : null,
    list(verification.results).length > 0
      ? el("details", { open: list(verification.results).some((result) => !["pass", "success"].includes(result.status)) },
        el("summary", {}, `each of the ${list(verification.results).length} nodes`),
        table(["node", "in the failed run", "after the change"],
          list(verification.results).map((result) => [shortName(result.uniqueId), inRun.get(result.uniqueId) ?? "—",
            el("span", { class: "status-" + result.status }, result.status)]), { class: "results" }))
      : null);
}

async function diffOf(incidentId, uri, into) {
  try {
    into.replaceChildren(renderDiff(await text(artifactPath(incidentId, uri))));
  } catch (error) {
    into.replaceChildren(el("p", { class: "failed" }, "The diff could not be read: " + error.message));
  }
}

/** The attempt {@code fix} (a fix.proposed event) with its pull request, if one was opened. */
export function fixAttempt(incidentId, fix, failures, pullRequest, pending) {
  const change = fix.change;
  const diff = el("div", { class: "diff-holder" }, "loading the diff…");
  if (change?.diffUri) pending.push(diffOf(incidentId, change.diffUri, diff));
  const failed = fix.outcome !== "VERIFIED";
  return el("div", { class: "fix" + (failed ? " attempt-failed" : "") },
    el("p", {}, el("strong", {}, fix.outcome.replaceAll("_", " ").toLowerCase()), ": ", fix.summary ?? ""),
    failed && fix.outcomeReason ? el("p", { class: "reason" }, "Why: ", fix.outcomeReason) : null,
    fix.kbEntryId ? el("p", {}, "Following KB entry ", el("code", {}, fix.kbEntryId)) : null,
    change ? el("p", {}, "Branch ", el("code", {}, change.branch), " · commit ", el("code", {}, (change.commitSha ?? "").slice(0, 12)),
      pullRequest ? [" · ", link(pullRequest, "the pull request")] : null) : null,
    change ? [el("h4", {}, "The change"),
      el("ul", { class: "files" }, list(change.files).map((file) =>
        el("li", {}, el("code", {}, file.path), ` +${file.additions} −${file.deletions}`))),
      diff] : null,
    fix.verification ? [el("h4", {}, "Verification"), verificationTable(fix.verification, failures)] : null,
    list(fix.guardrails).length > 0 ? [el("h4", {}, "Guardrails"), el("ul", { class: "guardrails" },
      list(fix.guardrails).map((check) => el("li", { class: check.passed ? "passed" : "failed" },
        check.passed ? "✓ " : "✗ ", check.name, check.reason ? ": " + check.reason : "")))] : null,
    fix.transcriptUri ? el("p", {}, link(artifactPath(incidentId, fix.transcriptUri), "The agent's transcript")) : null,
    fix.cost && fix.cost.usd > 0 ? el("p", { class: "note" }, `Cost: $${fix.cost.usd.toFixed(2)}, ${fix.cost.turns} turns`) : null);
}
