package io.pipelinemedic.runner.fix;

import io.pipelinemedic.artifacts.NodeResult;
import io.pipelinemedic.runner.sandbox.DevDbt;
import io.pipelinemedic.runner.sandbox.Sandbox;
import io.pipelinemedic.schemas.model.TestTally;
import io.pipelinemedic.schemas.model.Verification;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The system's own judgement of a fix, never the agent's: {@code dbt deps} and {@code dbt build} of
 * the root cause and everything downstream of it in the dev area (every node the failed run failed,
 * errored or skipped below the root included; the whole project when dbt stopped before any node)
 * after the change, against a baseline from before it: the failed run's own results for the nodes
 * dbt selects at the run's commit, or a build of the selection when the run's results cannot stand
 * for the data as it is. The fix holds only if the build after it proves every node it selected:
 * each model built, each test passed, none skipped, none warning, whatever they were before, every
 * node selected before still selected, and the group's failures among them. The baseline only
 * explains what changed; it never excuses. Nodes are compared by {@link #identity}, since adding an
 * accepted value renames its test.
 */
public final class Verifier {

  /** The statuses that prove a node: a model or seed built, a test passed. */
  private static final Set<String> PROVEN = Set.of("pass", "success");

  private final DevDbt dbt;

  public Verifier(DevDbt dbt) {
    this.dbt = dbt;
  }

  /**
   * What a change is judged against.
   *
   * @param nodes each node's result before the change: the failed run's, or a build's in the dev
   *     area
   * @param selected every node the selection held before the change
   * @param millis how long it took to learn them
   */
  public record Baseline(List<NodeResult> nodes, Set<String> selected, long millis) {

    public Baseline {
      nodes = List.copyOf(nodes);
      selected = Set.copyOf(selected);
    }

    /** A build's results as the baseline: what it ran is what the selection held. */
    public static Baseline of(DevDbt.Build build) {
      return new Baseline(
          build.nodes(),
          build.nodes().stream().map(NodeResult::uniqueId).collect(Collectors.toSet()),
          build.result().duration().toMillis());
    }
  }

  /**
   * How a change held up.
   *
   * @param verification the build after the change, against the one before
   * @param problems one sentence per reason the fix does not hold; empty when it holds
   */
  public record Verdict(Verification verification, List<String> problems) {

    /** The problems as one line. */
    public String reason() {
      return String.join("; ", problems);
    }
  }

  /**
   * The selection: the root-cause node and everything downstream of it; the whole project (no
   * selector) when the root cause is the run itself.
   */
  public static List<String> selection(String rootCauseNode) {
    return isTheRun(rootCauseNode)
        ? List.of()
        : List.of(rootCauseNode.substring(rootCauseNode.lastIndexOf('.') + 1) + "+");
  }

  /**
   * Whether a failure is the run's own ({@code invocation.<project>}: dbt stopped before any node,
   * at its packages, its profile or the project's parsing); only a whole build that ends well
   * proves it.
   */
  static boolean isTheRun(String uniqueId) {
    return uniqueId.startsWith("invocation.");
  }

  /**
   * Installs the project's packages and learns the baseline before the change: the failed run's
   * {@code run} results of the nodes dbt selects in the sandbox (at the run's commit), when there
   * are results and a root-cause node; else a build of {@code selection} as the dev area is now. A
   * failed {@code dbt deps} is that build when the whole project is selected (the run itself is the
   * root cause); otherwise the sandbox cannot be prepared.
   */
  public Baseline before(Sandbox sandbox, List<String> selection, Optional<List<NodeResult>> run)
      throws IOException, InterruptedException {
    Optional<DevDbt.Build> depsFailed = depsFailed(sandbox);
    if (depsFailed.isPresent() && !selection.isEmpty()) {
      throw new IOException("dbt deps failed: " + depsFailed.get().result().describe());
    }
    if (depsFailed.isPresent()) {
      return Baseline.of(depsFailed.get());
    }
    long start = System.nanoTime();
    Optional<List<String>> selected =
        run.isPresent() && !selection.isEmpty()
            ? dbt.selected(sandbox, selection)
            : Optional.empty();
    if (selected.isEmpty()) {
      return Baseline.of(dbt.build(sandbox, selection));
    }
    Set<String> ids = Set.copyOf(selected.get());
    return new Baseline(
        run.get().stream().filter(result -> ids.contains(result.uniqueId())).toList(),
        ids,
        (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * Installs the project's packages again (the change may be to them), builds {@code selection} and
   * judges it; a failed {@code dbt deps} is judged as a build that ran no node.
   *
   * @param failures unique ids of the group's failures (roots and cascades)
   */
  public Verdict after(
      Sandbox sandbox, List<String> selection, Baseline before, List<String> failures)
      throws IOException, InterruptedException {
    Optional<DevDbt.Build> depsFailed = depsFailed(sandbox);
    return judge(
        before,
        depsFailed.isPresent() ? depsFailed.get() : dbt.build(sandbox, selection),
        failures);
  }

  /** {@code dbt deps} as a build of no node, when it failed. */
  private Optional<DevDbt.Build> depsFailed(Sandbox sandbox)
      throws IOException, InterruptedException {
    return dbt.installPackages(sandbox)
        .filter(deps -> !deps.succeeded())
        .map(deps -> new DevDbt.Build(deps, List.of()));
  }

  /**
   * The verdict on the build {@code after} a change: every node it ran must be proven, every
   * failure of the group must be among them, and dbt must have ended well.
   */
  static Verdict judge(Baseline before, DevDbt.Build after, List<String> failures) {
    Map<String, NodeResult> was = byIdentity(before.nodes());
    Map<String, NodeResult> now = byIdentity(after.nodes());
    List<String> problems = new ArrayList<>();
    for (NodeResult result : after.nodes()) {
      if (!PROVEN.contains(result.status())) {
        NodeResult earlier = was.get(identity(result.uniqueId()));
        problems.add(
            result.uniqueId()
                + " "
                + result.status()
                + " after the change"
                + (earlier == null ? "" : " (" + earlier.status() + " before)")
                + messageOf(result));
      }
    }
    for (String failure : failures) {
      if (!isTheRun(failure) && !now.containsKey(identity(failure))) {
        problems.add(failure + " was not part of the verification build");
      }
    }
    for (String earlier : before.selected().stream().sorted().toList()) {
      if (!now.containsKey(identity(earlier)) && !failures.contains(earlier)) {
        problems.add(earlier + " was selected before the change and not after it");
      }
    }
    if (after.nodes().isEmpty()) {
      problems.add(
          "the verification ran no node"
              + (after.result().succeeded() ? "" : " (" + after.result().lastError() + ")"));
    }
    if (problems.isEmpty() && !after.result().succeeded()) {
      problems.add(
          "dbt build "
              + (after.result().timedOut()
                  ? "timed out"
                  : "exited with " + after.result().exitCode()));
    }
    List<io.pipelinemedic.schemas.model.NodeResult> results = new ArrayList<>();
    for (NodeResult result : after.nodes()) {
      results.add(
          new io.pipelinemedic.schemas.model.NodeResult(
              result.uniqueId(), result.status(), result.message()));
    }
    Verification verification =
        new Verification(
            problems.isEmpty(),
            after.result().command(),
            tally(before.nodes()),
            tally(after.nodes()),
            results,
            null,
            after.result().duration().toMillis() + before.millis());
    return new Verdict(verification, List.copyOf(problems));
  }

  /**
   * What stays the same of a node's id when a fix changes a generic test's arguments: dbt names
   * such a test {@code <test>_<model>_<column>__<arguments>} and appends a hash, so {@code
   * accepted_values_stg_orders_status__placed__paid} becomes {@code …__paid__on_hold} when a value
   * is added. The identity drops the hash and the arguments.
   */
  public static String identity(String uniqueId) {
    if (!uniqueId.startsWith("test.")) {
      return uniqueId;
    }
    String id = uniqueId.replaceFirst("\\.[0-9a-f]{10}$", "");
    int arguments = id.indexOf("__", id.lastIndexOf('.') + 1);
    return arguments < 0 ? id : id.substring(0, arguments);
  }

  private static Map<String, NodeResult> byIdentity(List<NodeResult> nodes) {
    return nodes.stream()
        .collect(Collectors.toMap(r -> identity(r.uniqueId()), Function.identity(), (a, b) -> a));
  }

  private static TestTally tally(List<NodeResult> nodes) {
    int passed = 0;
    int warned = 0;
    int failed = 0;
    int errored = 0;
    int skipped = 0;
    for (NodeResult node : nodes) {
      switch (node.status()) {
        case "pass", "success" -> passed++;
        case "warn" -> warned++;
        case "fail" -> failed++;
        case "skipped" -> skipped++;
        default -> errored++;
      }
    }
    return new TestTally(passed, warned, failed, errored, skipped);
  }

  /**
   * What dbt said when it stopped: its error after {@code Encountered an error:}, else its last
   * line, without time stamps, on one line.
   */
  private static String messageOf(NodeResult result) {
    return result.message() == null || result.message().isBlank() ? "" : ": " + result.message();
  }
}
