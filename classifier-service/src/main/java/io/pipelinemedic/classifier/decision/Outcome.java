package io.pipelinemedic.classifier.decision;

import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.DecisionRule;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.KbEntry;

/** Class, action and the reasoning behind them, before evidence and root are attached. */
record Outcome(
    FailureClass failureClass,
    Action action,
    DecisionRule rule,
    double confidence,
    String reason,
    String signature,
    KbEntry entry) {}
