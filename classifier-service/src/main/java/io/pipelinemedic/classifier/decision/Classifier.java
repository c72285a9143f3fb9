package io.pipelinemedic.classifier.decision;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.pipelinemedic.classifier.diagnostics.LineageDiagnostics;
import io.pipelinemedic.classifier.diagnostics.MissingColumn;
import io.pipelinemedic.classifier.rules.RootCauseGrouping;
import io.pipelinemedic.classifier.rules.SignatureTaxonomy;
import io.pipelinemedic.classifier.rules.TransientCatalogue;
import io.pipelinemedic.classifier.warehouse.Warehouse;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.DecisionRule;
import io.pipelinemedic.schemas.model.Evidence;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.KbEntry;
import io.pipelinemedic.schemas.model.KbMatch;
import io.pipelinemedic.schemas.model.LineageNode;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One decision per root cause, in a fixed order: a transient or infrastructure signature; else a
 * matching KB entry (its class, recipe or steps); else the failure's signature, with read-only
 * queries along the lineage where the data decides between CODE and SOURCE; else the agent
 * investigates (UNKNOWN). Diagnostics also move the root cause: up to the source that already held
 * the bad rows, up to the model that made them, or up to the parent that lost a column.
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
      Decision decision = new Decision(group, nodes, warehouse, withoutDiagnostics);
      RootCauseGroup decided = decision.decide(ids);
      groups.add(decided);
      queries += decision.queries.size();
      queryMillis += decision.queries.stream().mapToLong(Warehouse.QueryResult::durationMs).sum();
    }
    return new Classification(List.copyOf(groups), queries, queryMillis);
  }

  /** The decision for one group, with the evidence it gathers on the way. */
  private final class Decision {

    private final RootCauseGrouping.Group group;
    private final Map<String, LineageNode> nodes;
    private final Warehouse warehouse;
    private final String withoutDiagnostics;
    private final Failure lead;
    private final List<Evidence> evidence = new ArrayList<>();
    private final List<Warehouse.QueryResult> queries = new ArrayList<>();
    private String rootCauseNode;
    private String missingColumn;

    Decision(
        RootCauseGrouping.Group group,
        Map<String, LineageNode> nodes,
        Warehouse warehouse,
        String withoutDiagnostics) {
      this.group = group;
      this.nodes = nodes;
      this.warehouse = warehouse;
      this.withoutDiagnostics = withoutDiagnostics;
      this.lead = group.roots().get(0);
      this.rootCauseNode = group.rootCauseNode();
    }

    RootCauseGroup decide(Set<String> ids) throws SQLException {
      Outcome outcome = transientOutcome().orElse(null);
      if (outcome == null) {
        Optional<SignatureTaxonomy.Signature> signature = SignatureTaxonomy.classify(lead);
        signature.ifPresent(
            s -> evidence.add(evidence("signature", s.id() + ": " + s.reasoning() + ".")));
        Optional<KbEntry> entry = kbEntry();
        if (signature.map(s -> s.id().equals("code.missing_column")).orElse(false)) {
          locateMissingColumn();
        }
        outcome =
            entry.isPresent()
                ? kbOutcome(entry.get(), signature)
                : signatureOutcome(signature.orElse(null));
      }
      String groupId = uniqueGroupId(ids);
      return new RootCauseGroup(
          groupId,
          rootCauseNode,
          outcome.failureClass(),
          outcome.action(),
          outcome.rule(),
          outcome.confidence(),
          outcome.reason(),
          outcome.signature(),
          group.roots().stream().map(Failure::uniqueId).toList(),
          group.cascades(),
          outcome.entry() == null ? null : outcome.entry().id(),
          outcome.action() == Action.AGENT || outcome.entry() == null
              ? null
              : outcome.entry().recipe(),
          outcome.entry() == null ? null : outcome.entry().steps(),
          List.copyOf(evidence),
          owner(outcome));
    }

    /**
     * Who the group concerns: the KB entry's owner, else the owner of the node the decision blames
     * (a source's owner for a problem that starts in the source), else the failing node's.
     */
    private Owner owner(Outcome outcome) {
      if (outcome.entry() != null && outcome.entry().owner() != null) {
        return outcome.entry().owner();
      }
      LineageNode root = nodes.get(rootCauseNode);
      return root != null && root.owner() != null ? root.owner() : lead.owner();
    }

    private Optional<Outcome> transientOutcome() {
      for (Failure root : group.roots()) {
        Optional<TransientCatalogue.Signature> match =
            TransientCatalogue.match(root.status(), root.message());
        if (match.isPresent()) {
          TransientCatalogue.Signature signature = match.get();
          boolean infra = signature.flavour() == TransientCatalogue.Flavour.INFRA;
          evidence.add(
              evidence(
                  "signature",
                  signature.id()
                      + " ("
                      + signature.adapter()
                      + ") in the error of "
                      + root.name()));
          String reason =
              infra
                  ? "The error of "
                      + root.name()
                      + " says "
                      + signature.reason()
                      + ": the platform team restores access; nothing in the dbt project changes."
                  : "The error of "
                      + root.name()
                      + " is a known passing condition ("
                      + signature.reason()
                      + "): the next run should pass, and no code is changed.";
          return Optional.of(
              new Outcome(
                  FailureClass.TRANSIENT,
                  infra ? Action.NONE : transientAction,
                  DecisionRule.TRANSIENT_CATALOGUE,
                  0.9,
                  reason,
                  signature.id(),
                  null));
        }
      }
      return Optional.empty();
    }

    /** The first KB entry matched by a root failure that the KB still has. */
    private Optional<KbEntry> kbEntry() {
      for (Failure root : group.roots()) {
        for (KbMatch match : root.kbMatches()) {
          Optional<KbEntry> entry = kb.apply(match.entryId());
          if (entry.isPresent()) {
            evidence.add(
                evidence(
                    "kb_match",
                    "KB entry "
                        + match.entryId()
                        + " \""
                        + entry.get().title()
                        + "\" (version "
                        + entry.get().version()
                        + ") matches "
                        + root.name()
                        + " on "
                        + match.matchedOn()
                        + "."));
            return entry;
          }
          evidence.add(
              evidence(
                  "kb_match",
                  "KB entry " + match.entryId() + " matched but is no longer in the KB."));
        }
      }
      return Optional.empty();
    }

    private Outcome kbOutcome(KbEntry entry, Optional<SignatureTaxonomy.Signature> signature)
        throws SQLException {
      String signatureId = signature.map(SignatureTaxonomy.Signature::id).orElse(null);
      String reason =
          "The KB entry \""
              + entry.title()
              + "\" matches "
              + lead.name()
              + " and says "
              + entry.failureClass();
      if (missingColumn != null) {
        reason += "; " + missingColumn;
      }
      Action action;
      switch (entry.failureClass()) {
        case SOURCE -> {
          action = Action.REPORT;
          Optional<LineageDiagnostics.Finding> finding = diagnose();
          if (finding.isPresent() && finding.get().inSource()) {
            rootCauseNode = finding.get().origin().node();
            reason += "; " + whereItStarts(finding.get());
          }
        }
        case TRANSIENT -> action = transientAction;
        default -> action = entry.recipe() != null ? Action.RECIPE : Action.AGENT;
      }
      String doing =
          switch (action) {
            case RECIPE -> ": its recipe is applied as written.";
            case AGENT -> ": the agent follows its steps.";
            case REPORT -> ": the data's owner gets a report, and no code changes.";
            default -> ": nothing in the project changes.";
          };
      return new Outcome(
          entry.failureClass(),
          action,
          DecisionRule.KB_ENTRY,
          0.9,
          reason + doing,
          signatureId,
          entry);
    }

    private Outcome signatureOutcome(SignatureTaxonomy.Signature signature) throws SQLException {
      if (signature == null) {
        return unknown("No rule knows the failure of " + lead.name(), null);
      }
      Optional<FailureClass> byDefault = signature.failureClass();
      if (signature.id().equals("code.missing_column")) {
        return new Outcome(
            FailureClass.CODE,
            Action.AGENT,
            DecisionRule.SIGNATURE,
            0.7,
            "The model "
                + lead.name()
                + " selects a column its parent does not have"
                + (missingColumn == null ? "" : " (" + missingColumn + ")")
                + ": the change is in the code, and the agent makes both sides agree again.",
            signature.id(),
            null);
      }
      if (signature.needsDiagnostics()) {
        Optional<LineageDiagnostics.Finding> finding = diagnose();
        if (finding.isPresent()) {
          LineageDiagnostics.Finding found = finding.get();
          boolean source = found.inSource() && byDefault.orElse(null) != FailureClass.CODE;
          if (source || !found.inSource()) {
            rootCauseNode = found.origin().node();
          }
          return new Outcome(
              source ? FailureClass.SOURCE : FailureClass.CODE,
              source ? Action.REPORT : Action.AGENT,
              DecisionRule.DIAGNOSTICS,
              0.8,
              capitalised(whereItStarts(found))
                  + (source
                      ? ": the data arrived that way, so its owner gets a report and no code"
                          + " changes."
                      : found.inSource()
                          ? ": the data holds a value the project does not know yet, so "
                              + name(rootCauseNode)
                              + "'s list learns it."
                          : ": the fix belongs in the code there."),
              signature.id(),
              null);
        }
      }
      if (byDefault.isPresent()) {
        FailureClass failureClass = byDefault.get();
        return new Outcome(
            failureClass,
            failureClass == FailureClass.SOURCE ? Action.REPORT : Action.AGENT,
            DecisionRule.SIGNATURE,
            0.6,
            capitalised(signature.reasoning()) + ".",
            signature.id(),
            null);
      }
      return unknown(
          "The data did not show where the failure of "
              + lead.name()
              + " starts ("
              + signature.id()
              + ")",
          signature.id());
    }

    private Outcome unknown(String why, String signature) {
      return new Outcome(
          FailureClass.UNKNOWN,
          Action.AGENT,
          DecisionRule.FALLBACK,
          0.2,
          why + ": the agent investigates with the evidence gathered so far.",
          signature,
          null);
    }

    /** Probes the lineage of the first root test diagnostics know, keeping every query. */
    private Optional<LineageDiagnostics.Finding> diagnose() throws SQLException {
      if (warehouse == null) {
        evidence.add(evidence("diagnostic_query", withoutDiagnostics));
        return Optional.empty();
      }
      for (Failure root : group.roots()) {
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

    private void locateMissingColumn() throws SQLException {
      if (warehouse == null) {
        return;
      }
      Optional<MissingColumn.Finding> finding = MissingColumn.locate(warehouse, lead, nodes);
      if (finding.isPresent()) {
        MissingColumn.Finding found = finding.get();
        for (Warehouse.QueryResult query : found.queries()) {
          keep(query, "columns of a parent of " + lead.name());
        }
        rootCauseNode = found.parent();
        missingColumn =
            "column " + found.column() + " is missing from " + found.parent() + ", its parent";
        evidence.add(evidence("lineage", capitalised(missingColumn) + "."));
      }
    }

    private String whereItStarts(LineageDiagnostics.Finding finding) {
      LineageDiagnostics.Probe origin = finding.origin();
      return origin.offending()
          + " of "
          + origin.rows()
          + " rows of "
          + origin.node()
          + " already break "
          + lead.name()
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

    private String uniqueGroupId(Set<String> ids) {
      String base = name(rootCauseNode).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
      String id = base;
      for (int n = 2; !ids.add(id); n++) {
        id = base + "-" + n;
      }
      return id;
    }
  }

  /** Class, action and the reasoning behind them, before evidence and root are attached. */
  private record Outcome(
      FailureClass failureClass,
      Action action,
      DecisionRule rule,
      double confidence,
      String reason,
      String signature,
      KbEntry entry) {}

  private static Evidence evidence(String kind, String summary) {
    return new Evidence(kind, summary, null, null, null, null);
  }

  private static String name(String uniqueId) {
    return uniqueId.substring(uniqueId.lastIndexOf('.') + 1);
  }

  private static String capitalised(String sentence) {
    return Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
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
