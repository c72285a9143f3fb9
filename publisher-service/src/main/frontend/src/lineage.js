// A root cause's lineage slice as a picture: the nodes from the root cause down to the failing
// tests, ranked left to right by layer (source → staging → intermediate → mart) by dagre's layout,
// the root cause highlighted, failing, skipped and cascading nodes marked.
import { Graph, layout } from "@dagrejs/dagre";
import { el, list, shortName, svg } from "./dom.js";

const LAYER_RANK = { SOURCE: 0, SEED: 0, STAGING: 1, INTERMEDIATE: 2, OTHER: 2, MART: 3 };

const label = (name) => (name.length > 44 ? name.slice(0, 43) + "…" : name);

/**
 * The slice of {@code group}: the lineage nodes from its root cause down to the run's failures
 * (all of them when the root cause is not among them), marked, and their edges, parent to child.
 */
export function slice(group, lineage, failures, skipped) {
  const byId = new Map(lineage.map((node) => [node.uniqueId, node]));
  // the run's lineage goes from what a test tests upwards: its failing tests hang below it
  for (const failure of failures) {
    if (byId.has(failure.uniqueId)) continue;
    const parent = failure.attachedNode ?? list(failure.lineage).find((id) => id !== failure.uniqueId);
    byId.set(failure.uniqueId, {
      uniqueId: failure.uniqueId, resourceType: failure.resourceType ?? "test",
      layer: byId.get(parent)?.layer ?? "OTHER", parents: parent ? [parent] : [], failing: true,
    });
  }
  const children = new Map([...byId.keys()].map((id) => [id, []]));
  for (const node of byId.values()) {
    for (const parent of list(node.parents)) children.get(parent)?.push(node.uniqueId);
  }
  let kept = new Set(byId.keys());
  if (byId.has(group.rootCauseNode)) {
    kept = new Set([group.rootCauseNode]);
    const queue = [group.rootCauseNode];
    while (queue.length > 0) {
      for (const child of children.get(queue.shift())) {
        if (!kept.has(child)) {
          kept.add(child);
          queue.push(child);
        }
      }
    }
  }
  const failing = new Set(failures.map((failure) => failure.uniqueId));
  const cascades = new Set(list(group.cascades));
  const skippedIds = new Set(list(skipped));
  const nodes = [...kept].map((id) => {
    const node = byId.get(id);
    return {
      id,
      label: label(shortName(id)),
      resourceType: node.resourceType,
      layer: node.layer ?? "OTHER",
      root: id === group.rootCauseNode,
      failing: node.failing || failing.has(id),
      cascade: cascades.has(id),
      skipped: skippedIds.has(id),
    };
  });
  const edges = [];
  for (const id of kept) {
    for (const parent of list(byId.get(id).parents)) if (kept.has(parent)) edges.push([parent, id]);
  }
  return { nodes, edges };
}

/** The slice drawn as SVG, with a legend. */
export function drawLineage({ nodes, edges }) {
  const graph = new Graph();
  graph.setGraph({ rankdir: "LR", nodesep: 14, ranksep: 46, marginx: 8, marginy: 8 });
  graph.setDefaultEdgeLabel(() => ({}));
  const byId = new Map(nodes.map((node) => [node.id, node]));
  for (const node of nodes) {
    graph.setNode(node.id, { width: 24 + node.label.length * 7.5, height: 30 });
  }
  for (const [from, to] of edges) {
    const child = byId.get(to);
    const gap = child.resourceType === "test" ? 1 : LAYER_RANK[child.layer] - LAYER_RANK[byId.get(from).layer];
    graph.setEdge(from, to, { minlen: Math.max(1, gap) });
  }
  layout(graph);
  const { width, height } = graph.graph();
  const picture = svg("svg", {
    class: "lineage", viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
    "aria-label": `lineage of ${nodes.length} nodes`,
  });
  for (const [from, to] of edges) {
    const points = graph.edge(from, to).points;
    const path = points.map((p, i) => (i === 0 ? "M" : "L") + p.x.toFixed(1) + "," + p.y.toFixed(1)).join(" ");
    picture.append(svg("path", { d: path, class: "edge" + (byId.get(to).cascade ? " cascade" : "") }));
  }
  for (const node of nodes) {
    const box = graph.node(node.id);
    const classes = ["node", "layer-" + node.layer.toLowerCase(), node.resourceType,
      node.root && "root", node.failing && "failing", node.cascade && "cascade", node.skipped && "skipped"];
    picture.append(
      svg("g", { class: classes.filter(Boolean).join(" "), "data-id": node.id,
        transform: `translate(${(box.x - box.width / 2).toFixed(1)},${(box.y - box.height / 2).toFixed(1)})` },
        svg("title", {}, node.id + (node.root ? " (root cause)" : "") + (node.failing ? " · failed" : "") +
          (node.skipped ? " · skipped" : "") + (node.cascade ? " · cascade" : "")),
        svg("rect", { width: box.width, height: box.height, rx: 5 }),
        svg("text", { x: box.width / 2, y: box.height / 2 + 4 }, node.label)),
    );
  }
  const legend = el("p", { class: "legend" },
    [["root", "root cause"], ["failing", "failed"], ["cascade", "cascade"], ["skipped", "skipped"],
      ["layer-source", "source"], ["layer-staging", "staging"], ["layer-intermediate", "intermediate"],
      ["layer-mart", "mart"]].map(([css, name]) => el("span", { class: "key " + css }, name)));
  return el("figure", { class: "lineage" }, el("div", { class: "scroll" }, picture), legend);
}
