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

/**
 * Where the staleness a failing recency test reports starts: the newest value of its {@code field}
 * is read at every node of the tested node's lineage that has the column. A node with nothing newer
 * than the tested node is stale too; the most upstream stale node is where it starts (a source:
 * nothing new arrived; a model whose parents have newer rows: the model holds them back).
 */
final class Staleness {

  private Staleness() {}

  static Optional<Finding> locate(Warehouse warehouse, Failure test, Map<String, LineageNode> nodes)
      throws SQLException {
    Object field = test.testKwargs().get("field");
    String subject = test.attachedNode();
    if (!(field instanceof String column) || subject == null || !nodes.containsKey(subject)) {
      return Optional.empty();
    }
    List<Probe> probes = new ArrayList<>();
    List<String> newest = new ArrayList<>();
    for (Map.Entry<String, Integer> reached :
        LineageDiagnostics.distances(subject, nodes).entrySet()) {
      LineageNode node = nodes.get(reached.getKey());
      if (node == null) {
        continue;
      }
      Optional<Warehouse.QueryResult> shape = Shapes.read(warehouse, node);
      if (shape.isEmpty() || shape.get().columns().stream().noneMatch(column::equalsIgnoreCase)) {
        continue;
      }
      Warehouse.QueryResult counts =
          warehouse.query(
              "select count(*) as rows, cast(max("
                  + warehouse.quote(column)
                  + ") as "
                  + warehouse.textType()
                  + ") as newest from "
                  + warehouse.relation(node.relation()));
      List<Object> row = counts.rows().get(0);
      newest.add(row.get(1) == null ? "" : row.get(1).toString());
      probes.add(
          new Probe(
              node.uniqueId(),
              node.resourceType(),
              reached.getValue(),
              ((Number) row.get(0)).longValue(),
              0,
              List.of(shape.get(), counts)));
    }
    int tested = indexOf(probes, subject);
    if (tested < 0) {
      return Optional.empty();
    }
    String testedNewest = newest.get(tested);
    List<Probe> marked = new ArrayList<>();
    for (int i = 0; i < probes.size(); i++) {
      Probe probe = probes.get(i);
      boolean stale = newest.get(i).compareTo(testedNewest) <= 0;
      marked.add(
          new Probe(
              probe.node(),
              probe.resourceType(),
              probe.distance(),
              probe.rows(),
              stale ? 1 : 0,
              probe.queries()));
    }
    marked.sort(Comparator.comparingInt(Probe::distance));
    return marked.stream()
        .filter(probe -> probe.offending() > 0)
        .reduce((nearer, further) -> further)
        .map(
            origin ->
                new Finding(
                    origin,
                    List.copyOf(marked),
                    "the newest "
                        + column
                        + " of "
                        + origin.node()
                        + " is "
                        + (testedNewest.isEmpty() ? "missing" : testedNewest)
                        + " or older, no newer than what "
                        + test.name()
                        + " found too old"
                        + ("source".equals(origin.resourceType())
                            ? ", in the source itself"
                            : ", while its parents have newer rows")));
  }

  private static int indexOf(List<Probe> probes, String node) {
    for (int i = 0; i < probes.size(); i++) {
      if (probes.get(i).node().equals(node)) {
        return i;
      }
    }
    return -1;
  }
}
