package io.pipelinemedic.runner.sandbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.artifacts.ArtifactFormatException;
import io.pipelinemedic.artifacts.NodeResult;
import io.pipelinemedic.artifacts.ResultsReader;
import io.pipelinemedic.dbt.DbtCommand;
import io.pipelinemedic.dbt.DbtResult;
import io.pipelinemedic.dbt.DbtRunner;
import io.pipelinemedic.dbt.Packages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * dbt against a sandbox's dev target, and nothing else: the rows of inline SQL ({@code dbt show})
 * and builds with their per-node results ({@code run_results.json}). Every invocation names the
 * sandbox's project, profiles folder (which holds only the dev target) and the target itself, and
 * all share one target path, so that each after the first reuses dbt's partial parse; a build's
 * results file is removed before it runs, so a build that dies early is never read as the previous
 * one.
 */
public final class DevDbt {

  /**
   * What a build did.
   *
   * @param result the invocation
   * @param nodes each node's result, from its {@code run_results.json}
   */
  public record Build(DbtResult result, List<NodeResult> nodes) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DbtRunner dbt;

  public DevDbt(DbtRunner dbt) {
    this.dbt = dbt;
  }

  /** The rows {@code sql} (may use {@code ref} and {@code source}) returns on the dev copy. */
  public List<Map<String, Object>> show(Sandbox sandbox, String sql, int limit)
      throws IOException, InterruptedException {
    DbtResult result =
        dbt.run(
            onDev(DbtCommand.of("show"), sandbox).inline(sql).jsonOutput().limit(limit).build(),
            sandbox.project());
    if (!result.succeeded()) {
      throw new IOException("dbt show failed: " + result.describe());
    }
    String out = result.stdout();
    int start = out.indexOf('{');
    if (start < 0) {
      throw new IOException("dbt show printed no JSON: " + result.describe());
    }
    JsonNode rows = JSON.readTree(out.substring(start)).get("show");
    if (rows == null || !rows.isArray()) {
      throw new IOException("dbt show printed no rows: " + result.describe());
    }
    return JSON.convertValue(rows, new TypeReference<List<Map<String, Object>>>() {});
  }

  /**
   * {@code dbt deps}, when the project declares packages ({@link Packages}): a team's own {@code
   * local:} packages, and whatever else it declares that the sandbox can reach. Empty when it
   * declares none; the invocation, which may have failed, otherwise.
   */
  public Optional<DbtResult> installPackages(Sandbox sandbox)
      throws IOException, InterruptedException {
    if (Packages.declared(sandbox.project()).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        dbt.run(
            DbtCommand.of("deps")
                .projectDir(sandbox.project())
                .profilesDir(sandbox.profiles())
                .build(),
            sandbox.project()));
  }

  /** {@link #installPackages}, failing when {@code dbt deps} does. */
  public void requirePackages(Sandbox sandbox) throws IOException, InterruptedException {
    Optional<DbtResult> deps = installPackages(sandbox);
    if (deps.isPresent() && !deps.get().succeeded()) {
      throw new IOException("dbt deps failed: " + deps.get().describe());
    }
  }

  /**
   * {@code dbt build} of {@code selectors} on the dev copy, the whole project when there are none.
   * A build that failed before it ran any node (the project does not parse or compile) has no
   * nodes.
   */
  public Build build(Sandbox sandbox, List<String> selectors)
      throws IOException, InterruptedException {
    Path runResults = targetPath(sandbox).resolve("run_results.json");
    Files.deleteIfExists(runResults);
    DbtCommand.Builder build = onDev(DbtCommand.of("build"), sandbox);
    if (!selectors.isEmpty()) {
      build.select(selectors.toArray(String[]::new));
    }
    DbtResult result = dbt.run(build.build(), sandbox.project());
    if (!Files.exists(runResults)) {
      if (!result.succeeded()) {
        return new Build(result, List.of());
      }
      throw new IOException("dbt build wrote no run_results.json: " + result.describe());
    }
    try {
      return new Build(
          result,
          new ArrayList<>(new ResultsReader(new JsonFactory()).read(runResults, "run-results")));
    } catch (ArtifactFormatException e) {
      throw new IOException("cannot read " + runResults + ": " + e.getMessage(), e);
    }
  }

  private static DbtCommand.Builder onDev(DbtCommand.Builder command, Sandbox sandbox) {
    return command
        .projectDir(sandbox.project())
        .profilesDir(sandbox.profiles())
        .target(Sandbox.TARGET)
        .targetPath(targetPath(sandbox));
  }

  /** The manifest the last invocation in the sandbox wrote. */
  public static Path manifest(Sandbox sandbox) {
    return targetPath(sandbox).resolve("manifest.json");
  }

  private static Path targetPath(Sandbox sandbox) {
    return sandbox.root().resolve("target");
  }
}
