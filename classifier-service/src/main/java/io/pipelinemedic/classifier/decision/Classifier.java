package io.pipelinemedic.classifier.decision;

import io.pipelinemedic.classifier.rules.RootCauseGrouping;
import io.pipelinemedic.classifier.warehouse.Warehouse;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.Evidence;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.KbEntry;
import io.pipelinemedic.schemas.model.LineageNode;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One decision per root cause, in a fixed order: a transient or infrastructure signature; else a
 * matching KB entry (its class, recipe or steps); else the failure's signature, with read-only
 * queries along the lineage where the data decides between CODE and SOURCE; else the agent
 * investigates (UNKNOWN). Diagnostics also move the root cause: up to the source that already held
 * the bad rows, up to the model that made them, or up to the node where a column went missing;
 * groups whose decisions then agree on the node and the action become one.
 */
public final class Classifier {

  private final Function<String, Optional<KbEntry>> kb;
  private final Action transientAction;

  /**
   * @param kb the KB entries by id, as currently published
   * @param transientAction {@code NONE}, or {@code RERUN} where re-running is configured
   */
  public Classifier(Function<String, Optional<KbEntry>> kb, Action transientAction) {
    this.kb = kb;
    this.transientAction = transientAction;
  }

  /**
   * What a run's classification found.
   *
   * @param groups one group per root cause
   * @param queries diagnostic queries run
   * @param queryMillis their total time
   */
  public record Classification(List<RootCauseGroup> groups, int queries, long queryMillis) {}

  /**
   * Classifies a run's failures.
   *
   * @param warehouse the production warehouse, read-only; {@code null} when none is configured
   * @throws SQLException when a diagnostic query fails
   */
  public Classification classify(
      List<Failure> failures, List<LineageNode> lineage, Warehouse warehouse) throws SQLException {
    return classify(failures, lineage, warehouse, "No warehouse is configured for diagnostics.");
  }

  /** Classifies a run's failures without diagnostics, for the reason given. */
  public Classification classify(
      List<Failure> failures, List<LineageNode> lineage, String withoutDiagnostics) {
    try {
      return classify(failures, lineage, null, withoutDiagnostics);
    } catch (SQLException e) {
      throw new IllegalStateException("no query runs without a warehouse", e);
    }
  }

  private Classification classify(
      List<Failure> failures,
      List<LineageNode> lineage,
      Warehouse warehouse,
      String withoutDiagnostics)
      throws SQLException {
    Map<String, LineageNode> nodes =
        lineage.stream().collect(Collectors.toMap(LineageNode::uniqueId, node -> node));
    List<RootCauseGroup> groups = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int queries = 0;
    long queryMillis = 0;
    for (RootCauseGrouping.Group group : RootCauseGrouping.group(failures)) {
      Diagnosis diagnosis = new Diagnosis(nodes, warehouse, withoutDiagnostics);
      groups.add(new Decision(group, nodes, kb, transientAction, diagnosis).decide(ids));
      queries += diagnosis.queries().size();
      queryMillis +=
          diagnosis.queries().stream().mapToLong(Warehouse.QueryResult::durationMs).sum();
    }
    return new Classification(merged(groups), queries, queryMillis);
  }

  /**
   * The groups with those that were decided alike merged into the first of them: the same root
   * cause, class, action, KB entry and signature (a column renamed in one model breaks two models
   * below it: one root cause, one fix).
   */
  static List<RootCauseGroup> merged(List<RootCauseGroup> groups) {
    List<RootCauseGroup> merged = new ArrayList<>();
    for (RootCauseGroup group : groups) {
      int same = -1;
      for (int i = 0; i < merged.size() && same < 0; i++) {
        if (alike(merged.get(i), group)) {
          same = i;
        }
      }
      if (same < 0) {
        merged.add(group);
      } else {
        merged.set(same, union(merged.get(same), group));
      }
    }
    return List.copyOf(merged);
  }

  private static boolean alike(RootCauseGroup a, RootCauseGroup b) {
    return a.rootCauseNode().equals(b.rootCauseNode())
        && a.failureClass() == b.failureClass()
        && a.action() == b.action()
        && Objects.equals(a.kbEntryId(), b.kbEntryId())
        && Objects.equals(a.signature(), b.signature());
  }

  private static RootCauseGroup union(RootCauseGroup first, RootCauseGroup second) {
    Set<String> failures = new LinkedHashSet<>(first.failures());
    failures.addAll(second.failures());
    Set<String> cascades = new LinkedHashSet<>(first.cascades());
    cascades.addAll(second.cascades());
    cascades.removeAll(failures);
    List<Evidence> evidence = new ArrayList<>(first.evidence());
    second.evidence().stream().filter(e -> !evidence.contains(e)).forEach(evidence::add);
    return new RootCauseGroup(
        first.groupId(),
        first.rootCauseNode(),
        first.failureClass(),
        first.action(),
        first.decidedBy(),
        Math.min(first.confidence(), second.confidence()),
        first.reason(),
        first.signature(),
        List.copyOf(failures),
        List.copyOf(cascades),
        first.kbEntryId(),
        first.recipe(),
        first.instructions(),
        List.copyOf(evidence),
        first.owner());
  }
}
