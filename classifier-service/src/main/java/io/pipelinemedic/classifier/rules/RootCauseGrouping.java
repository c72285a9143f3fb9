package io.pipelinemedic.classifier.rules;

import io.pipelinemedic.schemas.model.Failure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Groups a run's failures by root cause over the DAG. A failure with another failure upstream of it
 * is a cascade; the failures without one are roots, and roots about the same node form one group. A
 * cascade is explained by every root group upstream of it (in a diamond below two failing roots it
 * is listed under both). Cascades never get an action of their own.
 */
public final class RootCauseGrouping {

  /**
   * One root cause.
   *
   * @param rootCauseNode the node the root failures are about (a test's attached node, else the
   *     failing node itself); later rules may move it, e.g. up to the source
   * @param roots the failures without a failing upstream node, about {@code rootCauseNode}
   * @param cascades unique ids of the failures downstream of the roots
   */
  public record Group(String rootCauseNode, List<Failure> roots, List<String> cascades) {

    /** Unique ids of every failure the group explains: its roots, then its cascades. */
    public List<String> failureIds() {
      List<String> ids = new ArrayList<>(roots.stream().map(Failure::uniqueId).toList());
      ids.addAll(cascades);
      return ids;
    }
  }

  private RootCauseGrouping() {}

  /** The groups of {@code failures}, ordered by root-cause node. */
  public static List<Group> group(Collection<Failure> failures) {
    Set<String> failing = failures.stream().map(Failure::uniqueId).collect(Collectors.toSet());
    Map<String, List<Failure>> rootsByNode = new TreeMap<>();
    for (Failure failure : failures) {
      if (failure.upstreamFailures().stream().noneMatch(failing::contains)) {
        rootsByNode.computeIfAbsent(subject(failure), node -> new ArrayList<>()).add(failure);
      }
    }
    List<Group> groups = new ArrayList<>();
    for (Map.Entry<String, List<Failure>> roots : rootsByNode.entrySet()) {
      Set<String> rootIds =
          roots.getValue().stream().map(Failure::uniqueId).collect(Collectors.toSet());
      Set<String> cascades = new LinkedHashSet<>();
      for (Failure failure : failures) {
        if (!rootIds.contains(failure.uniqueId())
            && failure.upstreamFailures().stream().anyMatch(rootIds::contains)) {
          cascades.add(failure.uniqueId());
        }
      }
      groups.add(new Group(roots.getKey(), List.copyOf(roots.getValue()), List.copyOf(cascades)));
    }
    return groups;
  }

  /** The node a failure is about: a test's attached node, else the failing node itself. */
  public static String subject(Failure failure) {
    return failure.attachedNode() != null ? failure.attachedNode() : failure.uniqueId();
  }
}
