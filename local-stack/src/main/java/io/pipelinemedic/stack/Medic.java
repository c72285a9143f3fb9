package io.pipelinemedic.stack;

import io.pipelinemedic.dbt.DbtResult;
import io.pipelinemedic.dbt.scenario.PostgresScenarioWarehouse;
import io.pipelinemedic.dbt.scenario.Scenario;
import io.pipelinemedic.dbt.scenario.ScenarioRun;
import io.pipelinemedic.dbt.scenario.ScenarioRunner;
import io.pipelinemedic.dbt.scenario.ScenarioWarehouse;
import io.pipelinemedic.stack.demo.ExampleTeam;
import io.pipelinemedic.stack.eval.Eval;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code ./medic} command: {@code init}, {@code doctor}, {@code up}, {@code down}, {@code
 * status}, {@code tail TOPIC}, {@code secret NAME}, {@code scenario NAME}, {@code demo}, {@code
 * eval}, {@code redrive TOPIC} and {@code bench} for the local stack; {@code --config FILE} names
 * the team's file, {@code --warehouse postgres} the example team on PostgreSQL.
 */
public final class Medic {

  private final StackConfig config;
  private final PrintStream out;
  private final StackControl stack;

  Medic(StackConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
    this.stack = new StackControl(config, out);
  }

  public static void main(String[] arguments) throws Exception {
    Path root = Path.of(System.getProperty("medic.root", ".")).toAbsolutePath().normalize();
    List<String> words = new ArrayList<>(List.of(arguments));
    Map<String, String> env = new HashMap<>(System.getenv());
    int option = words.indexOf("--config");
    if (option >= 0 && option + 1 < words.size()) {
      env.put(TeamConfig.VARIABLE, Path.of(words.get(option + 1)).toAbsolutePath().toString());
      words.subList(option, option + 2).clear();
    }
    String warehouse = "duckdb";
    int chosen = words.indexOf("--warehouse");
    if (chosen >= 0) {
      warehouse = chosen + 1 < words.size() ? words.get(chosen + 1) : "";
      words.subList(chosen, Math.min(chosen + 2, words.size())).clear();
    }
    String[] args = words.toArray(String[]::new);
    String command = args.length == 0 ? "help" : args[0];
    if (!Set.of("duckdb", "postgres").contains(warehouse)) {
      System.out.println("--warehouse is duckdb or postgres, not " + warehouse);
      System.exit(2);
    }
    if (Set.of("demo", "eval", "scenario").contains(command)
        && !env.containsKey(TeamConfig.VARIABLE)) {
      env.put(
          TeamConfig.VARIABLE,
          root.resolve(
                  warehouse.equals("postgres")
                      ? StackConfig.EXAMPLE_POSTGRES_CONFIG
                      : StackConfig.EXAMPLE_CONFIG)
              .toString());
    }
    Medic medic;
    try {
      medic = new Medic(StackConfig.fromEnvironment(root, env), System.out);
    } catch (IllegalArgumentException e) {
      System.out.println("The team's configuration is not valid: " + e.getMessage());
      System.exit(2);
      return;
    }
    int exit =
        switch (command) {
          case "up" -> medic.stack.up();
          case "down" -> medic.stack.down();
          case "status" -> medic.stack.status();
          case "supervise" -> {
            new Supervisor(medic.config).run();
            yield 0;
          }
          case "doctor" -> medic.doctor();
          case "init" -> medic.init(List.of(args).subList(1, args.length));
          case "tail" ->
              args.length < 2 ? medic.usage() : TopicTail.run(medic.config, args, medic.out);
          case "secret" -> args.length < 2 ? medic.usage() : medic.secret(args[1]);
          case "scenario" -> args.length < 2 ? medic.usage() : medic.scenario(args[1]);
          case "demo" -> medic.demo(List.of(args).subList(1, args.length));
          case "eval" -> medic.eval(List.of(args).subList(1, args.length));
          case "redrive" ->
              new Redrive(medic.config, medic.out).run(List.of(args).subList(1, args.length));
          case "bench" ->
              new IngestBenchmark(
                      medic.config,
                      medic.out,
                      Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 20))
                  .run();
          default -> medic.usage();
        };
    System.exit(exit);
  }

  int secret(String name) throws IOException {
    String value = Secrets.loadOrCreate(config.home()).get(name);
    if (value == null) {
      out.println("unknown secret " + name + "; known: " + Secrets.ENVIRONMENT.keySet());
      return 2;
    }
    out.println(value);
    return 0;
  }

  int scenario(String name) throws Exception {
    Path dir = config.root().resolve("examples/scenarios").resolve(name);
    if (!Files.exists(dir.resolve("scenario.yml"))) {
      out.println("no scenario " + name + "; see examples/scenarios/");
      return 2;
    }
    Scenario scenario = Scenario.load(dir);
    ScenarioWarehouse warehouse;
    try {
      warehouse = ExampleTeam.warehouse(config, PostgresNode.USER);
    } catch (IllegalArgumentException e) {
      out.println("Not played: " + e.getMessage());
      return 2;
    }
    Path profiles = ScenarioRunner.project(config.root(), scenario).resolve("profiles.yml");
    if (!Files.readString(profiles).contains(warehouse.target() + ":")) {
      out.println(profiles + " has no output " + warehouse.target() + " for this warehouse");
      return 2;
    }
    out.println("Playing " + name + ": " + scenario.description().strip());
    ScenarioRun run;
    try {
      run =
          new ScenarioRunner(config.root(), warehouse)
              .run(scenario, config.home().resolve("scenarios").resolve(name));
    } catch (IOException e) {
      out.println("The scenario did not play: " + e.getMessage());
      if (warehouse instanceof PostgresScenarioWarehouse) {
        out.println("(on PostgreSQL it plays in the stack's own server: is it up? ./medic up)");
      }
      return 1;
    }
    if (run.stoppedAtDeps()) {
      out.println("  dbt deps failed, the job stopped:\n" + run.deps().stdout().strip());
    }
    for (DbtResult step : run.steps()) {
      String summary =
          step.stdout()
              .lines()
              .filter(line -> line.contains("Done."))
              .reduce((a, b) -> b)
              .orElse("")
              .replaceFirst("^\\S+\\s+", "");
      out.printf(
          "  %-22s exit %d  %s%n",
          String.join(" ", step.command().subList(1, step.command().indexOf("--target"))),
          step.exitCode(),
          summary);
    }
    out.println("project (git) " + run.project() + " at " + run.commit());
    out.println(
        "warehouse     "
            + (run.warehouse() == null
                ? warehouse.database(run.project().resolveSibling("warehouse"))
                : run.warehouse()));
    out.println("artifacts     " + run.artifacts() + "/step-{1,2,3}");
    out.println(
        "expected      "
            + (scenario.expected().rootCause() == null
                ? "nothing fails"
                : scenario.expected().failureClass() + " at " + scenario.expected().rootCause()));
    return 0;
  }

  /** Starts the stack for the example team if it is not running, then plays its nights. */
  int demo(List<String> scenarios) throws Exception {
    return exampleTeamUp() ? new Demo(config, out).run(scenarios) : 1;
  }

  /** Starts the stack if it is not running, then plays and scores the failure scenarios. */
  int eval(List<String> options) throws Exception {
    return exampleTeamUp() ? new Eval(config, out).run(options) : 1;
  }

  /**
   * Whether the stack runs with this configuration (the example team's unless one is given),
   * started if it was not; a stack running for another team is left alone, and said so.
   */
  private boolean exampleTeamUp() throws Exception {
    StackState state = StackState.at(config.home()).load();
    if (state.supervisor().isEmpty()) {
      return stack.up() == 0;
    }
    String running = state.get(StackState.CONFIG);
    if (!config.teamConfig().toString().equals(running)) {
      out.println(
          "The running stack is configured by "
              + running
              + ", not "
              + config.teamConfig()
              + ": stop it with ./medic down first.");
      return false;
    }
    return true;
  }

  /**
   * Writes a team's configuration from its dbt project: {@code --project PATH} (default the current
   * folder), {@code --target NAME} (the profile's production target), {@code --out FILE} (default
   * {@code medic.properties}); an existing file is left alone.
   */
  int init(List<String> options) throws IOException {
    Path project = Path.of(option(options, "--project", "."));
    Path file = Path.of(option(options, "--out", "medic.properties")).toAbsolutePath();
    if (Files.exists(file)) {
      out.println(file + " exists; it is left as it is (--out names another file)");
      return 2;
    }
    try {
      Files.writeString(file, TeamInit.write(project, option(options, "--target", null)));
    } catch (IOException e) {
      out.println("No configuration written: " + e.getMessage());
      return 2;
    }
    out.println("Wrote " + file + "; check it with ./medic doctor --config " + file);
    return 0;
  }

  private static String option(List<String> options, String name, String fallback) {
    int at = options.indexOf(name);
    return at >= 0 && at + 1 < options.size() ? options.get(at + 1) : fallback;
  }

  /** Checks the team's configuration; 0 when every check passed. */
  int doctor() throws InterruptedException {
    long start = System.nanoTime();
    List<Doctor.Check> checks = new Doctor(config).run();
    for (Doctor.Check check : checks) {
      out.printf("%-4s %-26s %s%n", check.ok() ? "ok" : "FAIL", check.name(), check.detail());
    }
    long failed = checks.stream().filter(check -> !check.ok()).count();
    out.printf(
        "%s in %.1f s%n",
        failed == 0 ? "Every check passed" : failed + " check(s) failed",
        (System.nanoTime() - start) / 1e9);
    return failed == 0 ? 0 : 1;
  }

  int usage() {
    out.println(
        """
        usage: ./medic COMMAND
          up --config F   start Kafka, PostgreSQL, the topics and the services for the team
                          whose settings file F is (or MEDIC_CONFIG; data is kept)
          init [--project PATH] [--target NAME] [--out FILE]
                          write a team's configuration from its dbt project (repository,
                          production DuckDB target, kb/ folder), commented
          doctor --config F
                          check a team's configuration before its first incident: repository,
                          warehouse, KB, dbt, the coding agent, each channel and reporter
          down            stop everything
          status          what runs, where
          tail TOPIC [N]  print the records of TOPIC (key, headers, value); stop after N or when idle
          secret NAME     print a local webhook secret (dbt-cloud, airflow, runs, github)
          scenario NAME [--warehouse duckdb|postgres]
                          play an example failure scenario with real dbt (examples/scenarios/NAME);
                          on postgres in the stack's own server (./medic up first)
          demo [NAME...] [--warehouse duckdb|postgres]
                          start everything, play the example team's failing nights through it,
                          summarise; on postgres the team is examples/shop/medic-postgres.properties
          eval [--project NAME] [--mode build|steps]
                          play every failing scenario through the running system and score it
                          against its ground truth (class, root cause, action, fix, owner, time)
          redrive TOPIC [--incident ID]
                          once a dead letter's cause is fixed, send TOPIC's dead letters (of
                          one incident, or all) back to TOPIC; the incident goes on
          bench [SECONDS] load ingest-service and the 202-only ceiling; print req/s, p50, p99""");
    return 2;
  }
}
