package io.pipelinemedic.classifier.decision;

import io.pipelinemedic.classifier.rules.TransientCatalogue;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.DecisionRule;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.KbEntry;
import java.util.List;
import java.util.Optional;

/** Class, action and the reasoning behind them, before evidence and root are attached. */
record Outcome(
    FailureClass failureClass,
    Action action,
    DecisionRule rule,
    double confidence,
    String reason,
    String signature,
    KbEntry entry) {

  /**
   * The outcome of a group whose root failure carries a transient or infrastructure signature, if
   * one does; {@code transientAction} for a passing condition, NONE for access.
   */
  static Optional<Outcome> transientOf(
      List<Failure> roots, Action transientAction, Diagnosis diagnosis) {
    for (Failure root : roots) {
      Optional<TransientCatalogue.Signature> match =
          TransientCatalogue.match(root.status(), root.message());
      if (match.isPresent()) {
        TransientCatalogue.Signature signature = match.get();
        boolean infra = signature.flavour() == TransientCatalogue.Flavour.INFRA;
        diagnosis.note(
            "signature",
            signature.id() + " (" + signature.adapter() + ") in the error of " + root.name());
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
}
