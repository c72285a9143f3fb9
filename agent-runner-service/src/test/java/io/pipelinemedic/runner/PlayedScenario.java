package io.pipelinemedic.runner;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pipelinemedic.artifacts.DbtLog;
import io.pipelinemedic.artifacts.Extraction;
import io.pipelinemedic.artifacts.FailureExtractor;
import io.pipelinemedic.artifacts.LayerRules;
import io.pipelinemedic.dbt.Confinement;
import io.pipelinemedic.dbt.DbtRunner;
import io.pipelinemedic.dbt.scenario.Scenario;
import io.pipelinemedic.dbt.scenario.ScenarioRun;
import io.pipelinemedic.dbt.scenario.ScenarioRunner;
import io.pipelinemedic.runner.agent.SandboxedAgent;
import io.pipelinemedic.runner.fix.FixPipeline;
import io.pipelinemedic.runner.fix.Guardrails;
import io.pipelinemedic.runner.fix.SandboxFixSteps;
import io.pipelinemedic.runner.report.SourceReporter;
import io.pipelinemedic.runner.sandbox.DevDbt;
import io.pipelinemedic.runner.sandbox.GitRemote;
import io.pipelinemedic.runner.sandbox.Sandboxes;
import io.pipelinemedic.runner.warehouse.DevAreas;
import io.pipelinemedic.runner.warehouse.DuckDbDevAreas;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.schemas.model.DecisionRule;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.Recipe;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.service.ArtifactStore;
import io.pipelinemedic.testsupport.TestRuns;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;

/**
 * An example scenario's nightly run played with real dbt, its project pushed to a local bare
 * repository that stands in for the team's, its failures extracted as the context step does, and
 * its groups as the classifier decides them with the example KB.
 *
 * @param scenario the scenario
 * @param run what the run left: project, commit, production warehouse, artifacts
 * @param remote the bare repository
 * @param extraction the run's failures and lineage
 */
public record PlayedScenario(
    Scenario scenario, ScenarioRun run, Path remote, Extraction extraction) {

  /** How old a run may be for its results to be a fix's baseline, as the service's default. */
  public static final Duration BASELINE_MAX_AGE = Duration.ofHours(6);

  public static final Path ROOT = Path.of(System.getProperty("medic.root", ".."));

  private static final ObjectMapper FRONT_MATTER =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Plays {@code name} under {@code target/<folder>}. */
  public static PlayedScenario play(String name, String folder) throws Exception {
    Scenario scenario = Scenario.load(ROOT.resolve("examples/scenarios").resolve(name));
    Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", folder)), name);
    ScenarioRun run = new ScenarioRunner(ROOT).run(scenario, work.resolve("scenario"));
    Path remote = work.resolve("remote.git");
    Git.cloneRepository()
        .setBare(true)
        .setURI(run.project().toUri().toString())
        .setDirectory(remote.toFile())
        .call()
        .close();
    Extraction extraction =
        run.stoppedAtDeps()
            ? DbtLog.extraction(run.artifacts().resolve(ScenarioRun.DEPS_LOG), scenario.project())
            : new FailureExtractor(new ObjectMapper(), LayerRules.conventional())
                .extract(run.runResults(), run.sources(), run.manifest());
    return new PlayedScenario(scenario, run, remote, extraction);
  }

  /**
   * Sandboxes for this run under {@code workspaces}: its remote, its production warehouse, the FX
   * database attached read-only.
   *
   * @param keepFailed how long a failed attempt's sandbox is kept
   */
  public Sandboxes sandboxes(Path workspaces, Duration keepFailed) {
    return sandboxes(workspaces, keepFailed, devAreas(), confinement());
  }

  /** {@link #sandboxes}, each group's done sandbox starting a warm dbt ahead for the next one. */
  public Sandboxes sandboxesWarmingAhead(Path workspaces) {
    return new Sandboxes(
        workspaces,
        new GitRemote(remote.toUri().toString(), null),
        devAreas(),
        artifacts(),
        Duration.ZERO,
        new DevDbt(new DbtRunner(dbt(), Duration.ofMinutes(5), Map.of()), confinement(), true));
  }

  private Sandboxes sandboxes(
      Path workspaces, Duration keepFailed, DevAreas areas, Confinement confinement) {
    return new Sandboxes(
        workspaces,
        new GitRemote(remote.toUri().toString(), null),
        areas,
        artifacts(),
        keepFailed,
        devDbt(confinement));
  }

  /** Dev areas deferring to this run's production warehouse, the FX database attached. */
  public DevAreas devAreas() {
    return new DuckDbDevAreas(run.warehouse(), Map.of("fx", fx()), 0);
  }

  /** The artifact store beside the remote: the run's manifest, transcripts and diffs. */
  public ArtifactStore artifacts() {
    return ArtifactStore.at(artifactsFolder());
  }

  /** The artifact store's folder, for a service that reads the events of this run. */
  public Path artifactsFolder() {
    return remote.resolveSibling("artifacts").toAbsolutePath();
  }

  /**
   * The fixes on this run: sandboxes under {@code workspaces}, the guardrails of the tests (models,
   * seeds, {@code dbt_project.yml} and {@code packages.yml}, 40 lines), transcripts and diffs in
   * {@code artifacts} beside the remote.
   *
   * @param agent the coding agent for AGENT groups, or {@code null}
   * @param keepFailed how long a failed attempt's sandbox is kept
   */
  public FixPipeline fixes(Path workspaces, SandboxedAgent agent, Duration keepFailed) {
    return fixes(workspaces, agent, keepFailed, confinement());
  }

  /** The fixes on this run, their dbt inside {@code confinement}. */
  public FixPipeline fixes(
      Path workspaces, SandboxedAgent agent, Duration keepFailed, Confinement confinement) {
    return fixes(workspaces, agent, keepFailed, confinement, devAreas());
  }

  /** The fixes on this run, in {@code areas}. */
  public FixPipeline fixes(
      Path workspaces,
      SandboxedAgent agent,
      Duration keepFailed,
      Confinement confinement,
      DevAreas areas) {
    return new FixPipeline(
        new SandboxFixSteps(
            sandboxes(workspaces, keepFailed, areas, confinement),
            new Guardrails(List.of("models/**", "seeds/**", "dbt_project.yml", "packages.yml"), 40),
            Optional.ofNullable(agent),
            artifacts(),
            BASELINE_MAX_AGE),
        Clock.systemUTC());
  }

  /** The SOURCE reports on this run, their sandboxes under {@code workspaces}. */
  public SourceReporter reporter(Path workspaces) {
    return new SourceReporter(sandboxes(workspaces, Duration.ZERO), Clock.systemUTC());
  }

  private static DevDbt devDbt(Confinement confinement) {
    return new DevDbt(new DbtRunner(dbt(), Duration.ofMinutes(5), Map.of()), confinement, false);
  }

  /** The runner's own sandbox: bubblewrap, showing the project's dbt runtime read-only. */
  public static Confinement confinement() {
    try {
      return Confinement.bubblewrap(Confinement.runtime(dbt()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The project's dbt runtime. */
  public static Path dbt() {
    return DbtRunner.projectExecutable(ROOT);
  }

  /** The FX database the models attach, beside the production warehouse. */
  public Path fx() {
    return run.warehouse().resolveSibling("fx.duckdb");
  }

  /**
   * The group as the classifier decides it: the ground truth's root and cascades, and the KB entry
   * {@code entry} (its recipe, steps and owner), or none when {@code entry} is {@code null}.
   */
  public RootCauseGroup group(Action action, String entry) throws IOException {
    Scenario.Expected expected = scenario.expected();
    List<String> roots = new ArrayList<>();
    List<String> cascades = new ArrayList<>();
    for (Failure failure : extraction.failures()) {
      (expected.cascades().contains(Scenario.groundTruthId(failure.uniqueId())) ? cascades : roots)
          .add(failure.uniqueId());
    }
    JsonNode front = null;
    String steps = null;
    if (entry != null) {
      String[] markdown =
          Files.readString(
                  ROOT.resolve("examples")
                      .resolve(scenario.project())
                      .resolve("kb")
                      .resolve(entry + ".md"),
                  StandardCharsets.UTF_8)
              .split("(?m)^---\\s*$", 3);
      front = FRONT_MATTER.readTree(markdown[1]);
      steps = markdown[2].strip();
    }
    return new RootCauseGroup(
        "g1",
        expected.rootCause(),
        FailureClass.valueOf(expected.failureClass()),
        action,
        entry == null ? DecisionRule.DIAGNOSTICS : DecisionRule.KB_ENTRY,
        entry == null ? 0.7 : 0.9,
        entry == null
            ? "The failing rows first appear in " + expected.rootCause() + "."
            : "The KB entry " + entry + " decides.",
        null,
        roots,
        cascades,
        entry,
        front != null && front.has("recipe")
            ? FRONT_MATTER.treeToValue(front.get("recipe"), Recipe.class)
            : null,
        steps,
        List.of(),
        front == null
            ? null
            : new Owner(
                front.at("/owner/name").asText(), front.at("/owner/email").asText(null), null));
  }

  /**
   * A {@code classified} event of this run with {@code groups}, the run finished just now: its
   * results are the fix's baseline.
   */
  public Classified event(String incident, RootCauseGroup... groups) {
    return event(Instant.now(), incident, groups);
  }

  /**
   * A {@code classified} event of this run with {@code groups}, as if it finished at {@code
   * finishedAt}; its manifest and results in the artifact store.
   */
  public Classified event(Instant finishedAt, String incident, RootCauseGroup... groups) {
    ArtifactRef state = null;
    List<ArtifactRef> results = new ArrayList<>();
    try {
      if (!run.stoppedAtDeps()) {
        try (InputStream manifest = Files.newInputStream(run.manifest())) {
          state = artifacts().write(incident, "manifest.json", null, manifest);
        }
      }
      for (Path stepResults : run.runResults()) {
        String step = stepResults.getParent().getFileName().toString();
        try (InputStream written = Files.newInputStream(stepResults)) {
          results.add(artifacts().write(incident, step + "/run_results.json", null, written));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Classified(
        Envelope.create(incident, "classifier-service", Instant.now()),
        TestRuns.nightly(scenario.project(), "run-1", run.commit(), finishedAt),
        extraction.failures(),
        extraction.lineage(),
        List.of(groups),
        state,
        results);
  }
}
