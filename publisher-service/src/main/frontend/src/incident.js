// One incident as a person reads it: the run and the job, a card per root cause (class, action, the
// classifier's sentence, the failing tests, the lineage picture, the fix or the report), what
// reached people, and the timeline.
import { json } from "./api.js";
import { el, isWebAddress, link, list, seconds, shortName, show, when } from "./dom.js";
import { fixAttempt } from "./fix.js";
import { drawLineage, slice } from "./lineage.js";
import { sourceReport } from "./report.js";

/** The incident's events by topic, parsed; the latest of each group's outcome. */
export function eventsOf(timeline) {
  const events = { fixes: new Map(), reports: new Map() };
  for (const entry of timeline) {
    let event;
    try {
      event = JSON.parse(entry.event);
    } catch (ignored) {
      continue;
    }
    if (entry.topic === "fix.proposed") events.fixes.set(event.groupId, event);
    else if (entry.topic === "source.reported") events.reports.set(event.groupId, event);
    else if (["run.failed", "context.ready", "classified"].includes(entry.topic)) events[entry.topic] = event;
  }
  return events;
}

function failingTests(group, failures) {
  const ids = new Set([...list(group.failures), ...list(group.cascades)]);
  const mine = failures.filter((failure) => ids.has(failure.uniqueId));
  if (mine.length === 0) return null;
  return el("ul", { class: "failures" }, mine.map((failure) =>
    el("li", {},
      el("code", {}, failure.name ?? shortName(failure.uniqueId)),
      ` ${failure.status}`, failure.failingRows != null ? `, ${failure.failingRows} failing rows` : "",
      list(group.cascades).includes(failure.uniqueId) ? el("span", { class: "note" }, " (cascade: fails because of the root cause)") : null,
      failure.message ? el("pre", { class: "message" }, failure.message) : null,
      list(failure.kbMatches).length > 0 ? el("p", { class: "kb" }, "KB: ",
        list(failure.kbMatches).map((match, i) => [i > 0 ? ", " : "", el("q", {}, match.title ?? match.entryId)])) : null)));
}

function groupCard(incidentId, group, events, publications, pending) {
  const classified = events.classified;
  const context = events["context.ready"] ?? {};
  const failures = list(classified.failures);
  const pullRequest = publications.find((sent) =>
    sent.groupId === group.groupId && sent.key.channel === "github" && sent.status === "DELIVERED")?.link;
  const fix = events.fixes.get(group.groupId);
  const report = events.reports.get(group.groupId);
  let outcome;
  if (fix) outcome = fixAttempt(incidentId, fix, failures, pullRequest, pending);
  else if (report) outcome = sourceReport(incidentId, report);
  else if (group.failureClass === "TRANSIENT") outcome = el("p", {}, "Transient: nothing to fix; the next run should pass.");
  else outcome = el("p", { class: "note" }, "No outcome yet.");
  return el("article", { class: "card class-" + group.failureClass, "data-group": group.groupId, id: "group-" + group.groupId },
    el("h3", {},
      el("span", { class: "badge class-" + group.failureClass }, group.failureClass),
      el("span", { class: "badge" }, group.action),
      el("code", {}, shortName(group.rootCauseNode)),
      el("span", { class: "note" }, ` confidence ${Math.round((group.confidence ?? 0) * 100)} %`)),
    el("p", { class: "reason" }, group.reason ?? ""),
    group.owner ? el("p", { class: "owner" }, "Owner: ", group.owner.name ?? "—") : null,
    failingTests(group, failures),
    el("h4", {}, "Lineage"),
    drawLineage(slice(group, list(classified.lineage), failures, context.skipped)),
    el("h4", {}, fix ? "Fix" : report ? "Root-cause report" : "Outcome"),
    outcome);
}

function lifecycle(incident) {
  return [
    incident.resolvedAt && `Resolved by run ${incident.resolvedByRun ?? "?"} at ${when(incident.resolvedAt)}.`,
    incident.fixedAt && `Fix merged${incident.reviewedBy ? " by " + incident.reviewedBy : ""} at ${when(incident.fixedAt)}.`,
    incident.dismissedAt && `Fix's pull request closed unmerged${incident.reviewedBy ? " by " + incident.reviewedBy : ""}.`,
  ].filter(Boolean).map((line) => el("p", { class: "lifecycle" }, line));
}

/** The incident view of {@code id}; {@code back} is the list's address with its filters. */
export async function showIncident(main, id, back) {
  const view = await json("/incidents/" + encodeURIComponent(id));
  const { incident, timeline, publications } = view;
  const drawing = performance.now();
  const events = eventsOf(timeline);
  const run = (events.classified ?? events["context.ready"] ?? events["run.failed"])?.run ?? {};
  const pending = [];
  const backLink = el("a", { class: "back" }, "← all incidents");
  backLink.href = back;
  show(main,
    backLink,
    el("h2", { id: "title" }, `${incident.jobName ?? "A run"} failed`,
      el("span", { class: "badge stage-" + incident.status }, incident.status)),
    el("p", { id: "facts" },
      [run.projectName && `project ${run.projectName}`, run.environmentName, `run ${incident.runId ?? "?"}`,
        `finished ${when(run.finishedAt ?? incident.receivedAt)}`,
        incident.publishedAt && `published after ${seconds(incident.receivedAt, incident.publishedAt)}`,
        incident.costUsd > 0 && `cost $${incident.costUsd.toFixed(2)}`].filter(Boolean).join(" · ")),
    el("p", { class: "note" }, "Incident ", el("code", {}, incident.incidentId)),
    lifecycle(incident),
    events["context.ready"]?.ignoredReason ? el("p", {}, "Not followed: ", events["context.ready"].ignoredReason) : null,
    list(events.classified?.groups).map((group) => groupCard(id, group, events, publications, pending)),
    el("h3", {}, "What reached people"),
    publications.length === 0 ? el("p", {}, "Nothing yet.") :
      el("ul", { id: "publications" }, publications.map((sent) =>
        el("li", { class: sent.status === "DELIVERED" ? "" : "failed" }, `${sent.key.channel}: ${sent.status}`,
          isWebAddress(sent.link) ? [" · ", link(sent.link, sent.link)] : null,
          sent.detail && sent.key.channel !== "email" ? " · " + sent.detail : ""))),
    el("h3", {}, "Timeline"),
    el("ol", { id: "timeline" }, timeline.map((entry) =>
      el("li", {},
        el("span", { class: "at" }, "+" + (seconds(incident.receivedAt, entry.occurredAt) ?? "0.0 s")),
        el("span", { class: "topic" }, entry.topic), entry.summary ?? ""))));
  const drawn = performance.now() - drawing;
  await Promise.all(pending);
  return drawn;
}
