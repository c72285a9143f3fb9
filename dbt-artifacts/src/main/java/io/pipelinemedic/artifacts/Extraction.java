package io.pipelinemedic.artifacts;

import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.LineageNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The failures of a run with their context, the nodes of their lineage slices, and the nodes
 * skipped because of them.
 *
 * @param failures failed and errored nodes (freshness errors included), with full compiled SQL
 * @param lineage every node of the failures' lineage slices, each once
 * @param skipped unique ids of skipped nodes: consequences, not failures
 */
public record Extraction(List<Failure> failures, List<LineageNode> lineage, List<String> skipped) {

  /** The lineage slice of one failure, resolved against the shared nodes. */
  public List<LineageNode> sliceOf(Failure failure) {
    Map<String, LineageNode> byId =
        lineage.stream().collect(Collectors.toMap(LineageNode::uniqueId, Function.identity()));
    return failure.lineage().stream().map(byId::get).toList();
  }
}
