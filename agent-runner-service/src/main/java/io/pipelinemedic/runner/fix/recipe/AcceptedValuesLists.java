package io.pipelinemedic.runner.fix.recipe;

import io.pipelinemedic.artifacts.Manifest;
import io.pipelinemedic.artifacts.ManifestNode;
import io.pipelinemedic.schemas.model.Failure;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The accepted_values lists a new value must join besides the failing one: the same domain further
 * down the DAG. A list is the same domain when it belongs to the root cause's project, tests a
 * model or source at or below the root cause, names the same column (or one derived from it by a
 * prefix or suffix, as {@code order_status} from {@code status}) and accepts every value the
 * failing list accepts (a mart's copy of a staging list, or a superset of it); a narrower list
 * filters the domain, and a new value may never reach it. A failing run built with {@code dbt
 * build} skips those tests, so only the project itself can say where they are.
 */
final class AcceptedValuesLists {

  /**
   * An accepted_values list in the project's YAML.
   *
   * @param testId the test's unique id
   * @param file the YAML file that declares it
   * @param attachedNode the model or source it tests
   * @param column the column it tests
   * @param values the values it accepts, as the manifest has them
   * @param failing the failing tests whose lists it contains: the values they lack are its too
   */
  record ValuesList(
      String testId,
      String file,
      String attachedNode,
      String column,
      Set<String> values,
      List<String> failing) {}

  private AcceptedValuesLists() {}

  /** Whether a test's id may be an accepted_values test, to read its details from the manifest. */
  static boolean mayBeOne(String uniqueId) {
    return uniqueId.startsWith("test.") && uniqueId.contains("accepted_values");
  }

  /**
   * The lists of {@code manifest} in the same domain as the failing {@code tests}, at or below
   * {@code rootCause}, that are not failing themselves.
   */
  static List<ValuesList> downstream(Manifest manifest, String rootCause, List<Failure> tests) {
    Set<String> below = below(manifest, rootCause);
    below.add(rootCause);
    String project = project(rootCause);
    Set<String> failingIds = tests.stream().map(Failure::uniqueId).collect(Collectors.toSet());
    List<ValuesList> lists = new ArrayList<>();
    for (ManifestNode node : manifest.nodes().values()) {
      ManifestNode.TestInfo test = node.test();
      if (test == null
          || !"accepted_values".equals(test.testName())
          || failingIds.contains(node.uniqueId())
          || !project.equals(project(node.uniqueId()))
          || test.attachedNode() == null
          || !below.contains(test.attachedNode())
          || !(test.attachedNode().startsWith("model.")
              || test.attachedNode().startsWith("source."))
          || test.columnName() == null) {
        continue;
      }
      Set<String> accepted = values(test.kwargs().get("values"));
      List<String> failing = new ArrayList<>();
      for (Failure f : tests) {
        Set<String> failingList = values(f.testKwargs().get("values"));
        if (!failingList.isEmpty()
            && accepted.containsAll(failingList)
            && derived(test.columnName(), f.columnName())) {
          failing.add(f.uniqueId());
        }
      }
      if (!failing.isEmpty()) {
        lists.add(
            new ValuesList(
                node.uniqueId(),
                node.originalFilePath(),
                test.attachedNode(),
                test.columnName(),
                accepted,
                List.copyOf(failing)));
      }
    }
    lists.sort((a, b) -> a.testId().compareTo(b.testId()));
    return lists;
  }

  /** The values of an accepted_values test's {@code values} argument, as text. */
  static Set<String> values(Object list) {
    if (!(list instanceof Collection<?> values)) {
      return Set.of();
    }
    return values.stream()
        .map(String::valueOf)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** Whether {@code column} is {@code from}, or {@code from} with a prefix or suffix. */
  private static boolean derived(String column, String from) {
    if (from == null) {
      return false;
    }
    String a = column.toLowerCase();
    String b = from.toLowerCase();
    return a.equals(b) || a.endsWith("_" + b) || a.startsWith(b + "_");
  }

  /** The project (or package) of a unique id: {@code shop} of {@code model.shop.stg_orders}. */
  private static String project(String uniqueId) {
    String[] parts = uniqueId.split("\\.");
    return parts.length > 1 ? parts[1] : "";
  }

  /** Every node downstream of {@code node}, by the manifest's {@code depends_on}. */
  private static Set<String> below(Manifest manifest, String node) {
    Map<String, List<String>> children = new HashMap<>();
    for (ManifestNode candidate : manifest.nodes().values()) {
      for (String parent : candidate.parents()) {
        children.computeIfAbsent(parent, p -> new ArrayList<>()).add(candidate.uniqueId());
      }
    }
    Set<String> seen = new HashSet<>();
    Deque<String> queue = new ArrayDeque<>(List.of(node));
    while (!queue.isEmpty()) {
      for (String child : children.getOrDefault(queue.pop(), List.of())) {
        if (seen.add(child)) {
          queue.add(child);
        }
      }
    }
    return seen;
  }
}
