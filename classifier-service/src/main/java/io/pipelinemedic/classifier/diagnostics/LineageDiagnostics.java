package io.pipelinemedic.classifier.diagnostics;

import io.pipelinemedic.classifier.rules.RootCauseGrouping;
import io.pipelinemedic.classifier.warehouse.Warehouse;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.LineageNode;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds where along a failing test's lineage its condition first appears: for every node of the
 * slice that has a relation and the tested column, two read-only queries read its shape, then count
 * its rows and the rows that break the test (duplicate keys, nulls, values outside the accepted
 * list, child keys without a parent). The most upstream node where the condition already holds is
 * where the problem starts: a source means the data arrived that way (SOURCE), a model means a
 * model made it so (CODE at that model). Every query, its result and its time are kept as evidence.
 */
public final class LineageDiagnostics {

  /**
   * One node of the slice, probed.
   *
   * @param node unique id
   * @param resourceType source, model, seed or snapshot
   * @param distance edges between it and the tested node (0 for the tested node)
   * @param rows rows in its relation
   * @param offending rows that break the test's condition there
   * @param queries the queries run on it, with their results and times
   */
  public record Probe(
      String node,
      String resourceType,
      int distance,
      long rows,
      long offending,
      List<Warehouse.QueryResult> queries) {}

  /**
   * Where the condition starts.
   *
   * @param origin the most upstream probe where the condition holds
   * @param probes every probe, nearest to the tested node first
   * @param explanation how the origin made it so, when counting rows does not say it (keys a model
   *     lost, rather than rows it made); {@code null} otherwise
   */
  public record Finding(Probe origin, List<Probe> probes, String explanation) {

    public Finding(Probe origin, List<Probe> probes) {
      this(origin, probes, null);
    }

    /** Whether the condition is already in a source table. */
    public boolean inSource() {
      return origin.resourceType().equals("source");
    }
  }

  private LineageDiagnostics() {}

  /**
   * Probes the lineage of a failing {@code unique}, {@code not_null}, {@code accepted_values},
   * {@code relationships} ({@link OrphanKeys}), {@code recency} ({@link Staleness}) or {@code
   * expression_is_true} ({@link ExpressionCheck}) test; empty for other failures, or when no probed
   * node shows the condition.
   */
  public static Optional<Finding> locate(
      Warehouse warehouse, Failure test, Collection<LineageNode> lineage) throws SQLException {
    String kind = test.testName() == null ? "" : test.testName().toLowerCase(Locale.ROOT);
    String column = test.columnName();
    Map<String, LineageNode> nodes =
        lineage.stream().collect(Collectors.toMap(LineageNode::uniqueId, node -> node));
    if ("relationships".equals(kind)) {
      return OrphanKeys.locate(warehouse, test, nodes);
    }
    if ("recency".equals(kind)) {
      return Staleness.locate(warehouse, test, nodes);
    }
    if ("expression_is_true".equals(kind)) {
      return ExpressionCheck.locate(warehouse, test, nodes);
    }
    if (column == null || !List.of("unique", "not_null", "accepted_values").contains(kind)) {
      return Optional.empty();
    }
    List<Probe> probes = new ArrayList<>();
    for (Map.Entry<String, Integer> reached :
        distances(RootCauseGrouping.subject(test), nodes).entrySet()) {
      LineageNode node = nodes.get(reached.getKey());
      if (node == null || node.relation() == null) {
        continue;
      }
      Optional<Warehouse.QueryResult> shape = Shapes.read(warehouse, node);
      if (shape.isEmpty() || shape.get().columns().stream().noneMatch(column::equalsIgnoreCase)) {
        continue;
      }
      Warehouse.QueryResult counts =
          warehouse.query(
              "select (select count(*) from "
                  + warehouse.relation(node.relation())
                  + ") as rows, ("
                  + condition(
                      warehouse,
                      kind,
                      warehouse.relation(node.relation()),
                      column,
                      test.testKwargs())
                  + ") as offending");
      List<Object> row = counts.rows().get(0);
      probes.add(
          new Probe(
              node.uniqueId(),
              node.resourceType(),
              reached.getValue(),
              ((Number) row.get(0)).longValue(),
              ((Number) row.get(1)).longValue(),
              List.of(shape.get(), counts)));
    }
    probes.sort((a, b) -> Integer.compare(a.distance(), b.distance()));
    return probes.stream()
        .filter(probe -> probe.offending() > 0)
        .reduce((nearer, further) -> further)
        .map(origin -> new Finding(origin, List.copyOf(probes)));
  }

  /** The query counting the rows of {@code relation} that break the test. */
  static String condition(
      Warehouse warehouse,
      String kind,
      String relation,
      String column,
      Map<String, Object> kwargs) {
    String quoted = warehouse.quote(column);
    return switch (kind) {
      case "unique" ->
          "select count(*) from (select "
              + quoted
              + " from "
              + relation
              + " where "
              + quoted
              + " is not null group by "
              + quoted
              + " having count(*) > 1)";
      case "not_null" -> "select count(*) from " + relation + " where " + quoted + " is null";
      default ->
          "select count(*) from "
              + relation
              + " where "
              + quoted
              + " is not null and cast("
              + quoted
              + " as "
              + warehouse.textType()
              + ") not in ("
              + literals(warehouse, kwargs.get("values"))
              + ")";
    };
  }

  private static String literals(Warehouse warehouse, Object values) {
    if (!(values instanceof List<?> list) || list.isEmpty()) {
      return "null";
    }
    return list.stream()
        .map(value -> warehouse.literal(String.valueOf(value)))
        .collect(Collectors.joining(", "));
  }

  /** Breadth-first distances from {@code start} up through the parents within the slice. */
  static Map<String, Integer> distances(String start, Map<String, LineageNode> nodes) {
    Map<String, Integer> distance = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    distance.put(start, 0);
    queue.add(start);
    while (!queue.isEmpty()) {
      String current = queue.poll();
      LineageNode node = nodes.get(current);
      if (node == null) {
        continue;
      }
      for (String parent : node.parents()) {
        if (!distance.containsKey(parent)) {
          distance.put(parent, distance.get(current) + 1);
          queue.add(parent);
        }
      }
    }
    return distance;
  }
}
