package io.pipelinemedic.dbt.scenario;

import io.pipelinemedic.dbt.DbtCommand;
import io.pipelinemedic.dbt.DbtResult;
import io.pipelinemedic.dbt.DbtRunner;
import io.pipelinemedic.dbt.Folders;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Plays a scenario for real: copies its example project ({@code examples/<project>}) into a fresh
 * git repository, installs the project's packages, builds a fresh production warehouse (DuckDB
 * files, or a PostgreSQL database: a {@link ScenarioWarehouse}), applies the injection (data, a
 * committed code change, or a lock held by another process), runs the scheduled job against
 * production and keeps its artifacts. Like a dbt Cloud job, the job stops when its {@code dbt deps}
 * fails; its console output is then the only artifact.
 */
public final class ScenarioRunner {

  private static final Duration DBT_TIMEOUT = Duration.ofMinutes(10);
  private static final Set<String> NOT_COPIED = Set.of("target", "logs");

  /**
   * The scheduled job's commands, as a dbt Cloud job with these steps runs them: source freshness,
   * then run and test as separate steps (a model error skips the models below it while the tests of
   * every model still run, so the consequences of a failure show up as failing tests downstream),
   * or one build (a failure skips everything below it).
   */
  static List<Supplier<DbtCommand.Builder>> job(Scenario.Job job) {
    return job == Scenario.Job.BUILD
        ? List.of(DbtCommand::sourceFreshness, () -> DbtCommand.of("build"))
        : List.of(
            DbtCommand::sourceFreshness, () -> DbtCommand.of("run"), () -> DbtCommand.of("test"));
  }

  /** The files that decide which packages {@code dbt deps} installs. */
  private static final List<String> PACKAGE_FILES =
      List.of("packages.yml", "dependencies.yml", "package-lock.yml");

  private static final Set<String> ARTIFACTS =
      Set.of("run_results.json", "manifest.json", "sources.json");
  private static final PersonIdent AUTHOR =
      new PersonIdent("Shop data team", "data-team@shop.example");

  private final Path root;
  private final Path tools;
  private final Path python;
  private final Path dbt;
  private final ScenarioWarehouse warehouse;

  /** A runner for the example projects of the repository at {@code repositoryRoot}, on DuckDB. */
  public ScenarioRunner(Path repositoryRoot) {
    this(repositoryRoot, ScenarioWarehouse.duckDb());
  }

  /** A runner for the example projects of the repository at {@code repositoryRoot}. */
  public ScenarioRunner(Path repositoryRoot, ScenarioWarehouse warehouse) {
    this.root = repositoryRoot;
    this.warehouse = warehouse;
    this.tools = repositoryRoot.resolve(TOOLS);
    this.python = repositoryRoot.resolve(".venv/dbt/bin/python");
    this.dbt = DbtRunner.projectExecutable(repositoryRoot);
  }

  /** The example projects' scripts that inject a scenario: a SQL file run, a database locked. */
  static final String TOOLS = "examples/tools";

  /** The example project {@code scenario} plays. */
  public static Path project(Path repositoryRoot, Scenario scenario) {
    return repositoryRoot.resolve("examples").resolve(scenario.project());
  }

  /** The scenarios of the example projects. */
  public static List<Scenario> scenarios(Path repositoryRoot) throws IOException {
    return Scenario.all(repositoryRoot.resolve("examples/scenarios"));
  }

  /**
   * Runs {@code scenario} in {@code workDir}, which is emptied first. When the system property
   * {@code medic.played-scenarios} names a folder (the build sets it for the tests), each scenario
   * is played there once per build and {@code workDir} gets a copy of that play (DuckDB only: a
   * PostgreSQL production is one database, played afresh).
   */
  public ScenarioRun run(Scenario scenario, Path workDirectory)
      throws IOException, InterruptedException {
    Path workDir = workDirectory.toAbsolutePath();
    PlayedScenarios played =
        warehouse instanceof ScenarioWarehouse.DuckDb
            ? PlayedScenarios.fromSystemProperty(root)
            : null;
    return played == null ? play(scenario, workDir) : played.copy(scenario, workDir, this::play);
  }

  private ScenarioRun play(Scenario scenario, Path workDir)
      throws IOException, InterruptedException {
    Folders.delete(workDir);
    Path copy = workDir.resolve("project");
    Path warehouses = workDir.resolve("warehouse");
    Path artifacts = workDir.resolve("artifacts");
    Files.createDirectories(warehouses);
    Files.createDirectories(artifacts);

    copyTree(project(root, scenario), copy);
    try (Git git = Git.init().setDirectory(copy.toFile()).setInitialBranch("main").call()) {
      commit(git, "The warehouse as it ran last night");
      warehouse.create(warehouses);
      python(copy, "warehouse/build_warehouse.py", warehouse.buildArgument(warehouses));
      DbtRunner runner = new DbtRunner(dbt, DBT_TIMEOUT, warehouse.environment(warehouses));
      // one target path for every invocation, so that dbt re-parses only what changed
      Path target = workDir.resolve("target");
      DbtResult deps = null;
      if (PACKAGE_FILES.stream().anyMatch(name -> Files.exists(copy.resolve(name)))) {
        deps = deps(runner, copy);
        if (!deps.succeeded()) {
          throw new IOException("dbt deps failed:\n" + deps.describe());
        }
      }
      DbtResult yesterday = runner.run(onProduction(DbtCommand.of("build"), copy, target), copy);
      if (!yesterday.succeeded()) {
        throw new IOException("the baseline build of production failed:\n" + yesterday.describe());
      }
      warehouse.built(warehouses);
      if (scenario.injection().data() != null) {
        python(
            copy,
            tools.resolve("run_sql.py").toString(),
            warehouse.database(warehouses),
            scenario.dir().resolve(scenario.injection().data()).toString());
      }
      Path files = scenario.dir().resolve("files");
      if (Files.isDirectory(files)) {
        copyTree(files, copy);
        commit(
            git,
            scenario.injection().commitMessage() == null
                ? "Change of " + scenario.name()
                : scenario.injection().commitMessage());
        if (PACKAGE_FILES.stream().anyMatch(name -> Files.exists(files.resolve(name)))) {
          deps = deps(runner, copy);
        }
      }
      String commit = git.getRepository().resolve("HEAD").name();
      List<DbtResult> steps = new ArrayList<>();
      if (deps != null && !deps.succeeded()) {
        Files.writeString(artifacts.resolve(ScenarioRun.DEPS_LOG), deps.stdout());
        return new ScenarioRun(
            scenario, copy, commit, warehouse.file(warehouses), artifacts, deps, steps);
      }
      Process lock = scenario.injection().lockFx() ? holdLock(copy, warehouses) : null;
      try {
        List<Supplier<DbtCommand.Builder>> job = job(scenario.job());
        for (int i = 0; i < job.size(); i++) {
          for (String artifact : ARTIFACTS) {
            Files.deleteIfExists(target.resolve(artifact));
          }
          steps.add(runner.run(onProduction(job.get(i).get(), copy, target), copy));
          Path stepArtifacts = Files.createDirectories(artifacts.resolve("step-" + (i + 1)));
          for (String artifact : ARTIFACTS) {
            if (Files.exists(target.resolve(artifact))) {
              Files.copy(target.resolve(artifact), stepArtifacts.resolve(artifact));
            }
          }
        }
      } finally {
        if (lock != null) {
          lock.getOutputStream().close();
          lock.waitFor();
        }
      }
      return new ScenarioRun(
          scenario, copy, commit, warehouse.file(warehouses), artifacts, deps, steps);
    } catch (GitAPIException e) {
      throw new IOException("git failed in " + copy, e);
    }
  }

  /**
   * {@code dbt deps} of the working copy, as the job's first step runs it: for the baseline, and
   * again when the day's change touches the packages (else the baseline's install stands).
   */
  private static DbtResult deps(DbtRunner runner, Path copy)
      throws IOException, InterruptedException {
    return runner.run(DbtCommand.of("deps").projectDir(copy).profilesDir(copy).build(), copy);
  }

  private DbtCommand onProduction(DbtCommand.Builder command, Path project, Path targetPath) {
    return command
        .target(warehouse.target())
        .projectDir(project)
        .profilesDir(project)
        .targetPath(targetPath)
        .build();
  }

  private Process holdLock(Path copy, Path warehouses) throws IOException {
    List<String> command =
        new ArrayList<>(List.of(python.toString(), tools.resolve("hold_lock.py").toString()));
    command.addAll(warehouse.fxLock(warehouses));
    Process lock =
        new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(lock.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (!"locked".equals(line)) {
      lock.destroyForcibly();
      throw new IOException("could not lock the FX rates " + command + ": " + line);
    }
    return lock;
  }

  private void python(Path workingDir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(python.toString()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .directory(workingDir.toFile())
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException(
          String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + output);
    }
  }

  private static void commit(Git git, String message) throws GitAPIException {
    git.add().addFilepattern(".").call();
    git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call();
  }

  /** {@code from}'s files under {@code to}, but dbt's outputs and DuckDB files. */
  private static void copyTree(Path from, Path to) throws IOException {
    copyTree(from, to, NOT_COPIED, true);
  }

  /**
   * Copies {@code from}'s files to the same places under {@code to}, replacing what is there, but
   * those under a top-level folder named in {@code leftOut}, and DuckDB files when {@code
   * withoutDuckDb}.
   */
  static void copyTree(Path from, Path to, Set<String> leftOut, boolean withoutDuckDb)
      throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path relative = from.relativize(source);
        if (relative.getNameCount() > 0 && leftOut.contains(relative.getName(0).toString())
            || withoutDuckDb && source.toString().endsWith(".duckdb")) {
          continue;
        }
        Path target = to.resolve(relative.toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
