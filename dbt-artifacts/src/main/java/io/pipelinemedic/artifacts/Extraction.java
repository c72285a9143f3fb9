package io.pipelinemedic.artifacts;

import io.pipelinemedic.schemas.model.Failure;
import java.util.List;

/**
 * The failures of a run with their context, and the nodes skipped because of them.
 *
 * @param failures failed and errored nodes (freshness errors included)
 * @param skipped unique ids of skipped nodes: consequences, not failures
 */
public record Extraction(List<Failure> failures, List<String> skipped) {}
