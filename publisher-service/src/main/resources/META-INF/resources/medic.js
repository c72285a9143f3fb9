// The incident list and one incident's timeline, read from publisher-service's REST API.
const text = (value) => document.createTextNode(value == null ? "—" : String(value));
const cell = (row, value, css) => {
  const td = row.insertCell();
  td.appendChild(text(value));
  if (css) td.className = css;
  return td;
};
const seconds = (from, to) => (from && to ? ((Date.parse(to) - Date.parse(from)) / 1000).toFixed(1) + " s" : null);

async function json(path) {
  const response = await fetch(path);
  if (response.status === 401) location.assign("/login.html"); // signed out: sign in again
  if (!response.ok) throw new Error(path + " answered " + response.status);
  return response.json();
}

async function showList() {
  const [incidents, summary] = await Promise.all([json("/incidents"), json("/incidents/summary")]);
  document.getElementById("figures").textContent =
    summary.incidents + " incidents · median webhook → published " +
    (summary.medianSecondsToPublished == null ? "—" : summary.medianSecondsToPublished + " s");
  const body = document.querySelector("#incidents tbody");
  body.replaceChildren();
  if (incidents.length === 0) {
    cell(body.insertRow(), "No incident yet.").colSpan = 7;
  }
  for (const incident of incidents) {
    const row = body.insertRow();
    row.dataset.id = incident.incidentId;
    cell(row, new Date(incident.receivedAt).toLocaleString());
    cell(row, incident.incidentId);
    cell(row, (incident.jobName || "") + " · " + (incident.runId || ""));
    cell(row, incident.failureClass, "class-" + incident.failureClass);
    cell(row, incident.action);
    cell(row, incident.status, "stage-" + incident.status);
    cell(row, seconds(incident.receivedAt, incident.publishedAt));
    row.addEventListener("click", () => showIncident(incident.incidentId));
  }
  const wanted = new URLSearchParams(location.search).get("incident");
  if (wanted) showIncident(wanted);
}

async function showIncident(id) {
  const view = await json("/incidents/" + encodeURIComponent(id));
  history.replaceState(null, "", "?incident=" + encodeURIComponent(id));
  document.querySelectorAll("#incidents tbody tr").forEach((row) =>
    row.classList.toggle("selected", row.dataset.id === id));
  const incident = view.incident;
  document.getElementById("title").textContent = incident.incidentId;
  document.getElementById("facts").textContent =
    [incident.jobName, "run " + incident.runId, incident.failureClass, incident.action, incident.status,
     incident.owner ? "owner " + incident.owner : null].filter(Boolean).join(" · ");
  const timeline = document.getElementById("timeline");
  timeline.replaceChildren();
  for (const entry of view.timeline) {
    const item = document.createElement("li");
    const at = document.createElement("span");
    at.className = "at";
    at.textContent = "+" + (seconds(incident.receivedAt, entry.occurredAt) || "0.0 s");
    const topic = document.createElement("span");
    topic.className = "topic";
    topic.textContent = entry.topic;
    item.append(at, topic, text(entry.summary));
    timeline.appendChild(item);
  }
  const publications = document.getElementById("publications");
  publications.replaceChildren();
  for (const sent of view.publications) {
    const item = document.createElement("li");
    item.textContent = sent.key.channel + ": " + sent.status + (sent.link ? " · " + sent.link : "") +
      (sent.detail ? " · " + sent.detail : "");
    if (sent.status !== "DELIVERED") item.className = "failed";
    publications.appendChild(item);
  }
  if (view.publications.length === 0) publications.appendChild(text("Nothing yet."));
  document.getElementById("incident").hidden = false;
}

showList().catch((error) => {
  document.querySelector("#incidents tbody").replaceChildren();
  cell(document.querySelector("#incidents tbody").insertRow(), "Could not load: " + error.message).colSpan = 7;
});
