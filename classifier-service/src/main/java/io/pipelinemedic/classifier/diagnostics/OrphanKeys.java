package io.pipelinemedic.classifier.diagnostics;

import io.pipelinemedic.classifier.diagnostics.LineageDiagnostics.Finding;
import io.pipelinemedic.classifier.diagnostics.LineageDiagnostics.Probe;
import io.pipelinemedic.classifier.warehouse.Warehouse;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.LineageNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the orphans of a failing {@code relationships} test come from. Along the parent's lineage:
 * if a node upstream of the parent still has every key the child uses, a model on the parent's side
 * lost them (a filter, a join), CODE at the most upstream node that misses them. Otherwise along
 * the child's lineage: the most upstream node already holding keys the parent lacks is where they
 * start (a source: the data arrived that way; a model: the model made them).
 */
final class OrphanKeys {

  private static final Pattern REF = Pattern.compile("ref\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)");
  private static final Pattern SOURCE =
      Pattern.compile("source\\(\\s*['\"]([^'\"]+)['\"]\\s*,\\s*['\"]([^'\"]+)['\"]\\s*\\)");

  private OrphanKeys() {}

  static Optional<Finding> locate(Warehouse warehouse, Failure test, Map<String, LineageNode> nodes)
      throws SQLException {
    String column = test.columnName();
    Object field = test.testKwargs().get("field");
    LineageNode child = nodes.get(test.attachedNode());
    Optional<LineageNode> parent = parent(test, nodes);
    if (column == null
        || !(field instanceof String key)
        || child == null
        || child.relation() == null
        || parent.isEmpty()
        || parent.get().relation() == null) {
      return Optional.empty();
    }
    List<Probe> parentSide = new ArrayList<>();
    for (Map.Entry<String, Integer> reached :
        LineageDiagnostics.distances(parent.get().uniqueId(), nodes).entrySet()) {
      Optional<Shaped> shaped = shaped(warehouse, nodes.get(reached.getKey()), key);
      if (shaped.isPresent()) {
        parentSide.add(
            missingKeys(warehouse, shaped.get(), child, column, key, reached.getValue()));
      }
    }
    Optional<Finding> lost = lostOnTheParentSide(sorted(parentSide), nodes);
    if (lost.isPresent()) {
      return lost;
    }
    List<Probe> childSide = new ArrayList<>();
    for (Map.Entry<String, Integer> reached :
        LineageDiagnostics.distances(child.uniqueId(), nodes).entrySet()) {
      Optional<Shaped> shaped = shaped(warehouse, nodes.get(reached.getKey()), column);
      if (shaped.isPresent()) {
        childSide.add(
            orphans(warehouse, shaped.get(), parent.get(), column, key, reached.getValue()));
      }
    }
    List<Probe> probes = sorted(childSide);
    probes.addAll(sorted(parentSide));
    return sorted(childSide).stream()
        .filter(probe -> probe.offending() > 0)
        .reduce((nearer, further) -> further)
        .map(origin -> new Finding(origin, List.copyOf(probes)));
  }

  /**
   * The parent-side node that lost keys: the most upstream probe missing some of the child's keys
   * that has an ancestor with them all.
   */
  private static Optional<Finding> lostOnTheParentSide(
      List<Probe> parentSide, Map<String, LineageNode> nodes) {
    List<Probe> complete = parentSide.stream().filter(probe -> probe.offending() == 0).toList();
    Probe origin = null;
    Probe ancestor = null;
    for (Probe probe : parentSide) {
      if (probe.offending() == 0) {
        continue;
      }
      Map<String, Integer> above = LineageDiagnostics.distances(probe.node(), nodes);
      for (Probe candidate : complete) {
        if (!candidate.node().equals(probe.node()) && above.containsKey(candidate.node())) {
          origin = probe;
          ancestor = candidate;
        }
      }
    }
    if (origin == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding(
            origin,
            List.copyOf(parentSide),
            origin.offending()
                + " keys the child uses are missing from "
                + origin.node()
                + " though "
                + ancestor.node()
                + " upstream of it has them all, so "
                + origin.node()
                + " drops them"));
  }

  /** The shape of a node that has {@code column}. */
  private static Optional<Shaped> shaped(Warehouse warehouse, LineageNode node, String column) {
    if (node == null) {
      return Optional.empty();
    }
    return Shapes.read(warehouse, node)
        .filter(shape -> shape.columns().stream().anyMatch(column::equalsIgnoreCase))
        .map(shape -> new Shaped(node, shape));
  }

  private record Shaped(LineageNode node, Warehouse.QueryResult shape) {}

  /** How many distinct keys of the failing child the parent-side node does not have. */
  private static Probe missingKeys(
      Warehouse warehouse,
      Shaped parentSide,
      LineageNode child,
      String column,
      String key,
      int distance)
      throws SQLException {
    String sql =
        "select (select count(*) from "
            + warehouse.relation(parentSide.node().relation())
            + ") as rows, (select count(distinct "
            + text(warehouse, "c", column)
            + ") from "
            + warehouse.relation(child.relation())
            + " c where c."
            + warehouse.quote(column)
            + " is not null and not exists (select 1 from "
            + warehouse.relation(parentSide.node().relation())
            + " p where "
            + text(warehouse, "p", key)
            + " = "
            + text(warehouse, "c", column)
            + ")) as offending";
    return counted(warehouse, parentSide, distance, sql);
  }

  /** How many rows of the child-side node hold a key the parent does not have. */
  private static Probe orphans(
      Warehouse warehouse,
      Shaped childSide,
      LineageNode parent,
      String column,
      String key,
      int distance)
      throws SQLException {
    String sql =
        "select (select count(*) from "
            + warehouse.relation(childSide.node().relation())
            + ") as rows, (select count(*) from "
            + warehouse.relation(childSide.node().relation())
            + " c where c."
            + warehouse.quote(column)
            + " is not null and not exists (select 1 from "
            + warehouse.relation(parent.relation())
            + " p where "
            + text(warehouse, "p", key)
            + " = "
            + text(warehouse, "c", column)
            + ")) as offending";
    return counted(warehouse, childSide, distance, sql);
  }

  private static Probe counted(Warehouse warehouse, Shaped shaped, int distance, String sql)
      throws SQLException {
    Warehouse.QueryResult counts = warehouse.query(sql);
    List<Object> row = counts.rows().get(0);
    return new Probe(
        shaped.node().uniqueId(),
        shaped.node().resourceType(),
        distance,
        ((Number) row.get(0)).longValue(),
        ((Number) row.get(1)).longValue(),
        List.of(shaped.shape(), counts));
  }

  private static String text(Warehouse warehouse, String alias, String column) {
    return "cast(" + alias + "." + warehouse.quote(column) + " as " + warehouse.textType() + ")";
  }

  /**
   * The node the test's keys must exist in: the test's other parent, else the one its {@code to}
   * argument names.
   */
  private static Optional<LineageNode> parent(Failure test, Map<String, LineageNode> nodes) {
    LineageNode self = nodes.get(test.uniqueId());
    if (self != null) {
      List<String> others =
          self.parents().stream().filter(p -> !p.equals(test.attachedNode())).toList();
      if (others.size() == 1 && nodes.containsKey(others.get(0))) {
        return Optional.of(nodes.get(others.get(0)));
      }
    }
    String to = String.valueOf(test.testKwargs().get("to"));
    Matcher ref = REF.matcher(to);
    Matcher source = SOURCE.matcher(to);
    if (ref.find()) {
      String name = ref.group(1);
      return nodes.values().stream()
          .filter(n -> Set.of("model", "seed", "snapshot").contains(n.resourceType()))
          .filter(n -> n.uniqueId().substring(n.uniqueId().lastIndexOf('.') + 1).equals(name))
          .findFirst();
    }
    if (source.find()) {
      String suffix = "." + source.group(1) + "." + source.group(2);
      return nodes.values().stream()
          .filter(n -> "source".equals(n.resourceType()) && n.uniqueId().endsWith(suffix))
          .findFirst();
    }
    return Optional.empty();
  }

  private static List<Probe> sorted(List<Probe> probes) {
    List<Probe> sorted = new ArrayList<>(probes);
    sorted.sort(Comparator.comparingInt(Probe::distance));
    return sorted;
  }
}
