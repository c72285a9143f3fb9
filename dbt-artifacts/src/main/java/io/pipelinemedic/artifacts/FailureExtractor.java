package io.pipelinemedic.artifacts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.LineageNode;
import io.pipelinemedic.schemas.model.TestKind;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a run's artifacts into the compact failure list of {@code context.ready}: for every failed
 * or errored node its test, message, compiled SQL, files, owner, the lineage slice from the node up
 * to its sources with each node's layer, and which other failures are upstream of it.
 */
public final class FailureExtractor {

  private final ResultsReader results;
  private final ManifestReader manifests;
  private final LayerRules layers;

  public FailureExtractor(ObjectMapper json, LayerRules layers) {
    this.results = new ResultsReader(json.getFactory());
    this.manifests = new ManifestReader(json);
    this.layers = layers;
  }

  /**
   * Extracts the failures of a run.
   *
   * @param runResults the {@code run_results.json} of each failed step
   * @param sources the {@code sources.json} of a freshness step, or null
   * @param manifest the run's {@code manifest.json}
   */
  public Extraction extract(List<Path> runResults, Path sources, Path manifest)
      throws ArtifactFormatException {
    Map<String, NodeResult> failed = new LinkedHashMap<>();
    Set<String> skipped = new LinkedHashSet<>();
    for (Path file : runResults) {
      for (NodeResult result : results.read(file, "run-results")) {
        if (result.failed()) {
          failed.put(result.uniqueId(), result);
        } else if (result.skipped()) {
          skipped.add(result.uniqueId());
        }
      }
    }
    if (sources != null) {
      for (NodeResult result : results.read(sources, "sources")) {
        if (result.failed()) {
          failed.put(result.uniqueId(), result);
        }
      }
    }
    Manifest index = manifests.read(manifest, failed.keySet());
    Map<String, Set<String>> subjects = new LinkedHashMap<>();
    failed.keySet().forEach(id -> subjects.put(id, subjectsOf(index, id)));
    Map<String, LineageNode> graph = new LinkedHashMap<>();
    List<Failure> failures = new ArrayList<>();
    for (NodeResult result : failed.values()) {
      failures.add(failure(index, result, subjects, graph));
    }
    skipped.removeAll(failed.keySet());
    return new Extraction(failures, List.copyOf(graph.values()), List.copyOf(skipped));
  }

  private Failure failure(
      Manifest index,
      NodeResult result,
      Map<String, Set<String>> subjects,
      Map<String, LineageNode> graph) {
    String id = result.uniqueId();
    ManifestNode node =
        index
            .node(id)
            .orElseGet(
                () ->
                    new ManifestNode(
                        id,
                        id.split("\\.")[0],
                        id,
                        null,
                        null,
                        null,
                        null,
                        null,
                        List.of(),
                        null,
                        null,
                        null));
    ManifestNode.TestInfo test = node.test();
    Set<String> mine = subjects.get(id);
    ManifestNode subject = mine.stream().findFirst().flatMap(index::node).orElse(node);
    List<String> lineage = lineage(index, mine, subjects.keySet(), graph);
    Set<String> ancestors = new HashSet<>(lineage);
    ancestors.removeAll(mine);
    List<String> upstream =
        subjects.entrySet().stream()
            .filter(other -> !other.getKey().equals(id))
            .filter(other -> other.getValue().stream().anyMatch(ancestors::contains))
            .map(Map.Entry::getKey)
            .toList();
    String code = result.compiledCode() != null ? result.compiledCode() : node.compiledCode();
    return new Failure(
        id,
        node.resourceType(),
        node.name(),
        test == null ? null : test.testName(),
        testKind(node),
        result.status(),
        result.message(),
        result.failures(),
        code,
        null,
        node.originalFilePath(),
        subject.originalFilePath(),
        test == null ? null : test.columnName(),
        test == null ? Map.of() : test.kwargs(),
        test == null ? null : test.severity(),
        test == null ? null : subject.uniqueId(),
        index.ownerOf(subject).orElse(null),
        lineage,
        upstream,
        List.of());
  }

  private static TestKind testKind(ManifestNode node) {
    if (node.test() == null) {
      return null;
    }
    if ("unit_test".equals(node.resourceType())) {
      return TestKind.UNIT;
    }
    return node.test().testName() == null ? TestKind.SINGULAR : TestKind.GENERIC;
  }

  /**
   * The nodes a failure is about: a test's attached node first, then its other parents (the model a
   * relationships test points to, the model a unit test tests, the nodes a singular test selects
   * from), else the node itself.
   */
  private static Set<String> subjectsOf(Manifest index, String id) {
    ManifestNode node = index.node(id).orElse(null);
    if (node == null || node.test() == null) {
      return Set.of(id);
    }
    Set<String> subjects = new LinkedHashSet<>();
    if (node.test().attachedNode() != null) {
      subjects.add(node.test().attachedNode());
    }
    subjects.addAll(node.parents());
    return subjects.isEmpty() ? Set.of(id) : subjects;
  }

  /**
   * Breadth-first from the subjects up to the sources, each node once; adds the nodes to the graph
   * shared by all failures and returns their ids.
   */
  private List<String> lineage(
      Manifest index, Set<String> start, Set<String> failed, Map<String, LineageNode> graph) {
    List<String> slice = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>(start);
    Deque<String> queue = new ArrayDeque<>(start);
    while (!queue.isEmpty()) {
      String id = queue.removeFirst();
      ManifestNode node = index.node(id).orElse(null);
      if (node == null) {
        continue;
      }
      for (String parent : node.parents()) {
        if (seen.add(parent)) {
          queue.addLast(parent);
        }
      }
      slice.add(id);
      graph.computeIfAbsent(
          id,
          key ->
              new LineageNode(
                  key,
                  node.resourceType(),
                  layers.of(node),
                  node.relationName(),
                  node.relation(),
                  node.parents(),
                  failed.contains(key),
                  index.ownerOf(node).orElse(null)));
    }
    return slice;
  }
}
