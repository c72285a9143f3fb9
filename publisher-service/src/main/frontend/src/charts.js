// The week as charts, drawn by Chart.js from GET /incidents/summary's days: incidents per day by
// class, the time from the failed run to each outcome, the share that needed no person, and the
// cost. Each chart has its figures as a table beside it, for screen readers and for tests.
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController,
  LineElement, PointElement, Tooltip,
} from "chart.js";
import { el, table } from "./dom.js";

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController,
  LineElement, PointElement, Tooltip);

const CLASSES = ["CODE", "SOURCE", "TRANSIENT", "MIXED", "UNKNOWN", "NONE"];
const COLOURS = { CODE: "#0b6e4f", SOURCE: "#a4508b", TRANSIENT: "#8a8f98", MIXED: "#d98c1f",
  UNKNOWN: "#4a6fa5", NONE: "#c4c9d0", published: "#16324f", fixed: "#0b6e4f", resolved: "#3d8bd9" };

/** Every day from the first to the last of {@code days}, a day without incidents as zero. */
export function everyDay(days) {
  if (days.length === 0) return [];
  const byDay = new Map(days.map((day) => [day.day, day]));
  const all = [];
  for (let at = Date.parse(days[0].day); at <= Date.parse(days[days.length - 1].day); at += 86_400_000) {
    const day = new Date(at).toISOString().slice(0, 10);
    all.push(byDay.get(day) ?? { day, incidents: 0, byClass: {}, secondsToPublished: {},
      secondsToFixed: {}, secondsToResolved: {}, noPersonNeeded: null, costUsd: 0 });
  }
  return all;
}

function chart(title, id, config, header, rows) {
  const canvas = el("canvas", { role: "img", "aria-label": title });
  const figure = el("figure", { class: "chart", id },
    el("figcaption", {}, title), el("div", { class: "canvas" }, canvas),
    el("details", {}, el("summary", {}, "the numbers"), table(header, rows, { class: "figures" })));
  new Chart(canvas, {
    ...config,
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
      ...config.options,
    },
  });
  return figure;
}

/** The four charts of {@code days} (the summary's), one point per day. */
export function drawCharts(summaryDays) {
  const days = everyDay(summaryDays);
  const labels = days.map((day) => day.day);
  const classes = CLASSES.filter((name) => days.some((day) => day.byClass[name]));
  const median = (spread) => spread?.median ?? null;
  return [
    chart("Incidents per day, by class", "chart-incidents", {
      type: "bar",
      data: { labels, datasets: classes.map((name) => ({ label: name, backgroundColor: COLOURS[name],
        data: days.map((day) => day.byClass[name] ?? 0) })) },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    }, ["day", "incidents", ...classes], days.map((day) => [day.day, day.incidents, ...classes.map((name) => day.byClass[name] ?? 0)])),
    chart("From the failed run to… (median seconds)", "chart-times", {
      type: "line",
      data: { labels, datasets: [["published", "secondsToPublished"], ["fixed", "secondsToFixed"], ["resolved", "secondsToResolved"]]
        .map(([name, key]) => ({ label: name, borderColor: COLOURS[name], backgroundColor: COLOURS[name], spanGaps: true,
          data: days.map((day) => median(day[key])) })) },
      options: { scales: { y: { beginAtZero: true } } },
    }, ["day", "published", "fixed", "resolved"], days.map((day) => [day.day, median(day.secondsToPublished),
      median(day.secondsToFixed), median(day.secondsToResolved)])),
    chart("Handled with no person needed", "chart-no-person", {
      type: "bar",
      data: { labels, datasets: [{ label: "share of the day's incidents (%)", backgroundColor: "#3d8bd9",
        data: days.map((day) => (day.noPersonNeeded == null ? null : Math.round(day.noPersonNeeded * 100))) }] },
      options: { scales: { y: { beginAtZero: true, max: 100 } } },
    }, ["day", "share (%)"], days.map((day) => [day.day, day.noPersonNeeded == null ? null : Math.round(day.noPersonNeeded * 100)])),
    chart("Cost per day (model usage, USD)", "chart-cost", {
      type: "bar",
      data: { labels, datasets: [{ label: "USD", backgroundColor: "#d98c1f", data: days.map((day) => day.costUsd) }] },
      options: { scales: { y: { beginAtZero: true } } },
    }, ["day", "USD"], days.map((day) => [day.day, day.costUsd.toFixed(2)])),
  ];
}
