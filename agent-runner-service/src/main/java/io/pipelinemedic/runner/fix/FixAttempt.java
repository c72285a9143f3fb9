package io.pipelinemedic.runner.fix;

import io.pipelinemedic.schemas.FixProposed;
import java.util.Map;

/**
 * A fix attempt and where its time went.
 *
 * @param event the outcome to publish
 * @param millis wall time per step: clone, data, baseline, fix, verification, push
 */
public record FixAttempt(FixProposed event, Map<String, Long> millis) {}
