package io.pipelinemedic.runner.sandbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.artifacts.ArtifactFormatException;
import io.pipelinemedic.artifacts.Manifest;
import io.pipelinemedic.artifacts.ManifestNode;
import io.pipelinemedic.artifacts.ManifestReader;
import io.pipelinemedic.artifacts.NodeResult;
import io.pipelinemedic.artifacts.ResultsReader;
import io.pipelinemedic.dbt.Confinement;
import io.pipelinemedic.dbt.DbtCommand;
import io.pipelinemedic.dbt.DbtResult;
import io.pipelinemedic.dbt.DbtRunner;
import io.pipelinemedic.dbt.DbtWorker;
import io.pipelinemedic.dbt.Packages;
import io.pipelinemedic.runner.warehouse.StateManifest;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.Relation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * dbt against a sandbox's dev target, and nothing else: the failing tests' SQL compiled from the
 * team's repository, and builds with their per-node results ({@code run_results.json}). Every
 * invocation names the sandbox's project, profiles folder (which holds only the dev target) and the
 * target itself, and all share one target path and log path beside the project (never in it, so
 * nothing dbt writes becomes part of the change, whatever the project's {@code .gitignore}), so
 * that each after the first reuses dbt's partial parse; a build's results file is removed before it
 * runs, so a build that dies early is never read as the previous one. Where the dev area defers to
 * production, every invocation does ({@code --defer --state}): what it does not build is read where
 * production has it.
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

  /** The resource types {@code dbt build} runs. */
  private static final String[] BUILT = {"model", "seed", "snapshot", "test", "unit_test"};

  private final DbtRunner dbt;
  private final Confinement confinement;
  private final WarmDbts warm;

  /**
   * @param dbt the runtime
   * @param confinement where every invocation runs ({@link Sandbox#confine}), with no network but
   *     for {@code dbt deps}
   * @param ahead whether a warm dbt is started ahead for the next sandbox ({@link WarmDbts})
   */
  public DevDbt(DbtRunner dbt, Confinement confinement, boolean ahead) {
    this.dbt = dbt;
    this.confinement = confinement;
    this.warm = new WarmDbts(dbt, confinement, ahead);
  }

  /** The sandboxes' warm dbts. */
  WarmDbts warm() {
    return warm;
  }

  /** Whether the sandbox's warm dbt was started ahead, before its group came. */
  public boolean warmedAhead(Sandbox sandbox) {
    return warm.takenAhead(sandbox);
  }

  /**
   * The SQL of {@code tests} as dbt compiles it in the sandbox, by unique id: the team's own tests
   * at the run's commit, never an uploaded artifact's text (a test that does not compile goes
   * without). It also leaves the sandbox's {@link #manifest}.
   */
  public Map<String, String> compiledTests(Sandbox sandbox, Collection<Failure> tests)
      throws IOException, InterruptedException {
    List<String> names =
        tests.stream()
            .filter(test -> "test".equals(test.resourceType()) && test.name() != null)
            .map(Failure::name)
            .distinct()
            .toList();
    Map<String, String> compiled = new LinkedHashMap<>();
    if (names.isEmpty()) {
      return compiled;
    }
    for (NodeResult node : invoke("compile", sandbox, names).nodes()) {
      if (node.compiledCode() != null) {
        compiled.put(node.uniqueId(), node.compiledCode());
      }
    }
    return compiled;
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
        dbt.with(sandbox.area().environment())
            .confined(sandbox.confine(confinement).withNetwork())
            .run(
                DbtCommand.of("deps")
                    .projectDir(sandbox.project())
                    .profilesDir(sandbox.profiles())
                    .logPath(sandbox.logPath())
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
   * {@code dbt build} of {@code selectors} on the dev area, the whole project when there are none.
   * A build that failed before it ran any node (the project does not parse or compile) has no
   * nodes.
   */
  public Build build(Sandbox sandbox, List<String> selectors)
      throws IOException, InterruptedException {
    seedIncrementalTables(sandbox, selectors);
    return invoke("build", sandbox, selectors);
  }

  /**
   * Production's table of each incremental model {@code selectors} select, copied into the dev area
   * when it holds none yet: deferred, dbt would build such a model from scratch, and a failure of
   * the incremental run itself (a schema change against last night's table, a merge) would neither
   * show before the change nor be proven gone after it. Only where the project has incremental
   * models does this cost a {@code dbt ls}.
   */
  private void seedIncrementalTables(Sandbox sandbox, List<String> selectors)
      throws IOException, InterruptedException {
    Optional<Path> state = sandbox.area().state();
    Map<String, Relation> incremental =
        state.isPresent() ? StateManifest.incremental(state.get()) : Map.of();
    if (incremental.isEmpty()) {
      return;
    }
    Optional<List<String>> models = listed(sandbox, selectors, "model");
    if (models.isEmpty()) {
      return; // the build fails the same way, and says why
    }
    Manifest dev;
    try {
      dev = new ManifestReader(JSON).read(manifest(sandbox), id -> false);
    } catch (ArtifactFormatException e) {
      throw new IOException("cannot read the sandbox's manifest: " + e.getMessage(), e);
    }
    for (String id : models.get()) {
      Relation production = incremental.get(id);
      Relation target = dev.node(id).map(ManifestNode::relation).orElse(null);
      if (production != null
          && target != null
          && sandbox.area().holds(production)
          && !sandbox.area().holds(target)) {
        sandbox.area().copy(production, target);
      }
    }
  }

  /**
   * The unique ids of the nodes a {@code dbt build} of {@code selectors} runs (models but ephemeral
   * ones, which it never runs; seeds, snapshots, tests, unit tests), as dbt selects them in the
   * sandbox now; empty when dbt cannot list them (the project does not parse).
   */
  public Optional<List<String>> selected(Sandbox sandbox, List<String> selectors)
      throws IOException, InterruptedException {
    return listed(sandbox, selectors, BUILT);
  }

  /**
   * {@code dbt ls} of {@code selectors} and {@code types}: the unique ids it printed, but those of
   * ephemeral models.
   */
  private Optional<List<String>> listed(Sandbox sandbox, List<String> selectors, String... types)
      throws IOException, InterruptedException {
    DbtResult listed =
        run(
            onDev(DbtCommand.of("ls"), sandbox)
                .resourceTypes(types)
                .jsonKeys("unique_id", "config"),
            selectors,
            sandbox);
    if (!listed.succeeded()) {
      return Optional.empty();
    }
    List<String> ids = new ArrayList<>();
    for (String line : listed.stdout().lines().filter(line -> line.startsWith("{")).toList()) {
      try {
        JsonNode node = JSON.readTree(line);
        if (!node.at("/config/materialized").asText().equals("ephemeral")) {
          ids.add(node.path("unique_id").asText());
        }
      } catch (JsonProcessingException e) {
        // not a node's line
      }
    }
    return Optional.of(ids);
  }

  /** {@code dbt <subcommand>} of {@code selectors} on the dev area, with its per-node results. */
  private Build invoke(String subcommand, Sandbox sandbox, List<String> selectors)
      throws IOException, InterruptedException {
    Path runResults = sandbox.targetPath().resolve("run_results.json");
    Files.deleteIfExists(runResults);
    DbtResult result = run(onDev(DbtCommand.of(subcommand), sandbox), selectors, sandbox);
    if (!Files.exists(runResults)) {
      if (!result.succeeded()) {
        return new Build(result, List.of());
      }
      throw new IOException(
          "dbt " + subcommand + " wrote no run_results.json: " + result.describe());
    }
    try {
      return new Build(
          result,
          new ArrayList<>(new ResultsReader(new JsonFactory()).read(runResults, "run-results")));
    } catch (ArtifactFormatException e) {
      throw new IOException("cannot read " + runResults + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code command} of {@code selectors} (the whole project when there are none) in the sandbox's
   * confinement, with the dev area's variables.
   */
  private DbtResult run(DbtCommand.Builder command, List<String> selectors, Sandbox sandbox)
      throws IOException, InterruptedException {
    if (!selectors.isEmpty()) {
      command.select(selectors.toArray(String[]::new));
    }
    DbtWorker worker = warm.of(sandbox);
    return worker != null && worker.ready()
        ? worker.run(command.build(), sandbox.project())
        : warm.cold(sandbox).run(command.build(), sandbox.project());
  }

  private static DbtCommand.Builder onDev(DbtCommand.Builder command, Sandbox sandbox) {
    command
        .projectDir(sandbox.project())
        .profilesDir(sandbox.profiles())
        .target(Sandbox.TARGET)
        .targetPath(sandbox.targetPath())
        .logPath(sandbox.logPath());
    sandbox.area().state().ifPresent(command::deferTo);
    return command;
  }

  /** The manifest the last invocation in the sandbox wrote. */
  public static Path manifest(Sandbox sandbox) {
    return sandbox.targetPath().resolve("manifest.json");
  }
}
