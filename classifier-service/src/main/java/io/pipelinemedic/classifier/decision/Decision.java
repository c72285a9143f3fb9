package io.pipelinemedic.classifier.decision;

import io.pipelinemedic.classifier.diagnostics.LineageDiagnostics;
import io.pipelinemedic.classifier.diagnostics.MissingColumn;
import io.pipelinemedic.classifier.rules.RootCauseGrouping;
import io.pipelinemedic.classifier.rules.SignatureTaxonomy;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.DecisionRule;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.KbEntry;
import io.pipelinemedic.schemas.model.KbMatch;
import io.pipelinemedic.schemas.model.LineageNode;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The decision for one root-cause group, with the evidence it gathers on the way. */
final class Decision {

  private final RootCauseGrouping.Group group;
  private final Map<String, LineageNode> nodes;
  private final Function<String, Optional<KbEntry>> kb;
  private final Action transientAction;
  private final Diagnosis diagnosis;
  private final Failure lead;
  private String rootCauseNode;
  private MissingColumn.Finding missingColumn;

  Decision(
      RootCauseGrouping.Group group,
      Map<String, LineageNode> nodes,
      Function<String, Optional<KbEntry>> kb,
      Action transientAction,
      Diagnosis diagnosis) {
    this.group = group;
    this.nodes = nodes;
    this.kb = kb;
    this.transientAction = transientAction;
    this.diagnosis = diagnosis;
    this.lead = group.roots().get(0);
    this.rootCauseNode = group.rootCauseNode();
  }

  RootCauseGroup decide(Set<String> ids) throws SQLException {
    Outcome outcome = Outcome.transientOf(group.roots(), transientAction, diagnosis).orElse(null);
    if (outcome == null) {
      Optional<SignatureTaxonomy.Signature> signature = SignatureTaxonomy.classify(lead);
      signature.ifPresent(s -> diagnosis.note("signature", s.id() + ": " + s.reasoning() + "."));
      Optional<KbEntry> entry = kbEntry();
      if (signature.map(s -> s.id().equals("code.missing_column")).orElse(false)) {
        missingColumn = diagnosis.missingColumn(lead).orElse(null);
        if (missingColumn != null) {
          rootCauseNode = missingColumn.parent();
        }
      }
      outcome =
          entry.isPresent()
              ? kbOutcome(entry.get(), signature)
              : signatureOutcome(signature.orElse(null));
    }
    return new RootCauseGroup(
        uniqueGroupId(ids),
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
        List.copyOf(diagnosis.evidence()),
        owner(outcome));
  }

  /**
   * Who the group concerns: the KB entry's owner, else the owner of the node the decision blames (a
   * source's owner for a problem that starts in the source), else the failing node's.
   */
  private Owner owner(Outcome outcome) {
    if (outcome.entry() != null && outcome.entry().owner() != null) {
      return outcome.entry().owner();
    }
    LineageNode root = nodes.get(rootCauseNode);
    return root != null && root.owner() != null ? root.owner() : lead.owner();
  }

  /** The first KB entry matched by a root failure that the KB still has. */
  private Optional<KbEntry> kbEntry() {
    for (Failure root : group.roots()) {
      for (KbMatch match : root.kbMatches()) {
        Optional<KbEntry> entry = kb.apply(match.entryId());
        if (entry.isPresent()) {
          diagnosis.note(
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
                  + ".");
          return entry;
        }
        diagnosis.note(
            "kb_match", "KB entry " + match.entryId() + " matched but is no longer in the KB.");
      }
    }
    return Optional.empty();
  }

  private Outcome kbOutcome(KbEntry entry, Optional<SignatureTaxonomy.Signature> signature)
      throws SQLException {
    String reason =
        "The KB entry \""
            + entry.title()
            + "\" matches "
            + lead.name()
            + " and says "
            + entry.failureClass();
    if (missingColumn != null) {
      reason += "; column " + missingColumn.column() + " is missing from " + missingColumn.parent();
    }
    Action action;
    switch (entry.failureClass()) {
      case SOURCE -> {
        action = Action.REPORT;
        Optional<LineageDiagnostics.Finding> finding = diagnosis.whereItStarts(group.roots());
        Optional<String> source = diagnosis.soleSourceAbove(rootCauseNode);
        if (finding.isPresent() && finding.get().inSource()) {
          rootCauseNode = finding.get().origin().node();
          reason += "; " + Diagnosis.sentence(finding.get(), lead.name());
        } else if (source.isPresent() && !source.get().equals(rootCauseNode)) {
          reason += "; the only source upstream of " + name(rootCauseNode) + " is " + source.get();
          rootCauseNode = source.get();
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
        signature.map(SignatureTaxonomy.Signature::id).orElse(null),
        entry);
  }

  private Outcome signatureOutcome(SignatureTaxonomy.Signature signature) throws SQLException {
    if (signature == null) {
      return unknown("No rule knows the failure of " + lead.name(), null);
    }
    if (signature.id().equals("code.missing_column")) {
      return missingColumnOutcome(signature);
    }
    Optional<FailureClass> byDefault = signature.failureClass();
    if (signature.needsDiagnostics()) {
      Optional<LineageDiagnostics.Finding> finding = diagnosis.whereItStarts(group.roots());
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
            capitalised(Diagnosis.sentence(found, lead.name()))
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

  /**
   * A column a model selects is missing: CODE where a model renamed or dropped it, SOURCE when a
   * source no longer has it (the data changed shape under a model that ran before).
   */
  private Outcome missingColumnOutcome(SignatureTaxonomy.Signature signature) {
    LineageNode origin = missingColumn == null ? null : nodes.get(missingColumn.parent());
    if (origin != null && "source".equals(origin.resourceType())) {
      return new Outcome(
          FailureClass.SOURCE,
          Action.REPORT,
          DecisionRule.DIAGNOSTICS,
          0.7,
          "The model "
              + lead.name()
              + " selects column "
              + missingColumn.column()
              + ", which the source "
              + origin.uniqueId()
              + " no longer has: the data changed shape, so its owner gets a report and no code"
              + " changes until they say the change is for good.",
          signature.id(),
          null);
    }
    return new Outcome(
        FailureClass.CODE,
        Action.AGENT,
        missingColumn == null ? DecisionRule.SIGNATURE : DecisionRule.DIAGNOSTICS,
        0.7,
        "The model "
            + lead.name()
            + " selects a column its parent does not have"
            + (missingColumn == null
                ? ""
                : " (column "
                    + missingColumn.column()
                    + " is missing from "
                    + missingColumn.parent()
                    + ", upstream of it)")
            + ": the change is in the code, and the agent makes both sides agree again.",
        signature.id(),
        null);
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

  private String uniqueGroupId(Set<String> ids) {
    String base = name(rootCauseNode).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    String id = base;
    for (int n = 2; !ids.add(id); n++) {
      id = base + "-" + n;
    }
    return id;
  }

  static String name(String uniqueId) {
    return uniqueId.substring(uniqueId.lastIndexOf('.') + 1);
  }

  private static String capitalised(String sentence) {
    return Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
  }
}
