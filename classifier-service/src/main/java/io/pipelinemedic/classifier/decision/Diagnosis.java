package io.pipelinemedic.classifier.decision;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.pipelinemedic.classifier.diagnostics.LineageDiagnostics;
import io.pipelinemedic.classifier.diagnostics.MissingColumn;
import io.pipelinemedic.classifier.warehouse.Warehouse;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.model.Evidence;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.LineageNode;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The evidence one decision gathers: read-only queries along the lineage (where a test's condition
 * starts, where a missing column went), each kept with its result and time, and the plain sentences
 * that say what they found.
 */
final class Diagnosis {

  private final Map<String, LineageNode> nodes;
  private final Warehouse warehouse;
  private final String withoutDiagnostics;
  private final List<Evidence> evidence = new ArrayList<>();
  private final List<Warehouse.QueryResult> queries = new ArrayList<>();

  /**
   * @param warehouse the production warehouse, read-only; {@code null} when there is none
   * @param withoutDiagnostics why there is none, as the evidence will say
   */
  Diagnosis(Map<String, LineageNode> nodes, Warehouse warehouse, String withoutDiagnostics) {
    this.nodes = nodes;
    this.warehouse = warehouse;
    this.withoutDiagnostics = withoutDiagnostics;
  }

  List<Evidence> evidence() {
    return evidence;
  }

  List<Warehouse.QueryResult> queries() {
    return queries;
  }

  void note(String kind, String summary) {
    evidence.add(new Evidence(kind, summary, null, null, null, null));
  }

  /** Probes the lineage of the first of {@code roots} that diagnostics know. */
  Optional<LineageDiagnostics.Finding> whereItStarts(List<Failure> roots) throws SQLException {
    if (warehouse == null) {
      note("diagnostic_query", withoutDiagnostics);
      return Optional.empty();
    }
    for (Failure root : roots) {
      Optional<LineageDiagnostics.Finding> finding =
          LineageDiagnostics.locate(warehouse, root, nodes.values());
      if (finding.isPresent()) {
        for (LineageDiagnostics.Probe probe : finding.get().probes()) {
          for (Warehouse.QueryResult query : probe.queries()) {
            keep(
                query,
                probe.node()
                    + ": "
                    + probe.rows()
                    + " rows, "
                    + probe.offending()
                    + " break "
                    + root.name());
          }
        }
        return finding;
      }
    }
    return Optional.empty();
  }

  /** Where the column {@code failure}'s error names went missing, when the shapes tell. */
  Optional<MissingColumn.Finding> missingColumn(Failure failure) throws SQLException {
    if (warehouse == null) {
      return Optional.empty();
    }
    Optional<MissingColumn.Finding> finding = MissingColumn.locate(warehouse, failure, nodes);
    finding.ifPresent(
        found -> {
          for (Warehouse.QueryResult query : found.queries()) {
            keep(query, "columns of a node upstream of " + failure.name());
          }
          note(
              "lineage",
              "Column "
                  + found.column()
                  + " is missing from "
                  + found.parent()
                  + ", and "
                  + failure.name()
                  + " selects it.");
        });
    return finding;
  }

  /**
   * The one source {@code node} reads from, directly or through models: where the data of a SOURCE
   * problem arrived when the queries could not follow it there (a column renamed on the way).
   */
  Optional<String> soleSourceAbove(String node) {
    Set<String> sources = new HashSet<>();
    Set<String> seen = new HashSet<>();
    Deque<String> queue = new ArrayDeque<>(List.of(node));
    while (!queue.isEmpty()) {
      LineageNode current = nodes.get(queue.poll());
      if (current == null || !seen.add(current.uniqueId())) {
        continue;
      }
      if ("source".equals(current.resourceType())) {
        sources.add(current.uniqueId());
      }
      queue.addAll(current.parents());
    }
    return sources.size() == 1 ? Optional.of(sources.iterator().next()) : Optional.empty();
  }

  /** The finding in one sentence: how many rows of which node already break the test. */
  static String sentence(LineageDiagnostics.Finding finding, String testName) {
    if (finding.explanation() != null) {
      return finding.explanation();
    }
    LineageDiagnostics.Probe origin = finding.origin();
    return origin.offending()
        + " of "
        + origin.rows()
        + " rows of "
        + origin.node()
        + " already break "
        + testName
        + (finding.inSource() ? ", in the source itself" : ", and nothing upstream does");
  }

  private void keep(Warehouse.QueryResult query, String summary) {
    queries.add(query);
    evidence.add(
        new Evidence(
            "diagnostic_query",
            summary,
            query.sql(),
            json(query),
            (long) query.rows().size(),
            query.durationMs()));
  }

  private static String json(Warehouse.QueryResult query) {
    try {
      return EventJson.mapper()
          .writeValueAsString(
              Map.of(
                  "columns",
                  query.columns(),
                  "rows",
                  query.rows(),
                  "truncated",
                  query.truncated()));
    } catch (JsonProcessingException e) {
      return String.valueOf(query.rows());
    }
  }
}
