package io.pipelinemedic.stack;

import io.pipelinemedic.dbt.DbtResult;
import io.pipelinemedic.dbt.scenario.Scenario;
import io.pipelinemedic.dbt.scenario.ScenarioRun;
import io.pipelinemedic.dbt.scenario.ScenarioRunner;
import io.pipelinemedic.stack.eval.Eval;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code ./medic} command: {@code up}, {@code down}, {@code status}, {@code tail TOPIC}, {@code
 * secret NAME}, {@code scenario NAME}, {@code demo}, {@code eval} and {@code bench} for the local
 * stack.
 */
public final class Medic {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

  private final StackConfig config;
  private final PrintStream out;

  Medic(StackConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("medic.root", ".")).toAbsolutePath().normalize();
    Medic medic = new Medic(StackConfig.fromEnvironment(root, System.getenv()), System.out);
    String command = args.length == 0 ? "help" : args[0];
    int exit =
        switch (command) {
          case "up" -> medic.up();
          case "down" -> medic.down();
          case "status" -> medic.status();
          case "supervise" -> {
            new Supervisor(medic.config).run();
            yield 0;
          }
          case "tail" ->
              args.length < 2 ? medic.usage() : TopicTail.run(medic.config, args, medic.out);
          case "secret" -> args.length < 2 ? medic.usage() : medic.secret(args[1]);
          case "scenario" -> args.length < 2 ? medic.usage() : medic.scenario(args[1]);
          case "demo" -> medic.demo(List.of(args).subList(1, args.length));
          case "eval" -> medic.eval(List.of(args).subList(1, args.length));
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

  int up() throws IOException, InterruptedException {
    StackState state = StackState.at(config.home()).load();
    if (state.supervisor().isPresent()) {
      out.println("Pipeline Medic is already running.");
      return status();
    }
    Files.createDirectories(config.logs());
    Secrets.loadOrCreate(config.home());
    state
        .put(StackState.STATUS, "starting")
        .put(StackState.MESSAGE, "launching the supervisor")
        .save();
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid"); // own session: Ctrl-C in this terminal leaves the stack up
    }
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-Dmedic.root=" + config.root(),
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            "-cp",
            System.getProperty("java.class.path"),
            Medic.class.getName(),
            "supervise"));
    Process supervisor =
        new ProcessBuilder(command)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(config.logs().resolve("supervisor.log").toFile()))
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    out.println("Starting Pipeline Medic (logs in " + config.logs() + ")");
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    String shown = "";
    while (Instant.now().isBefore(deadline)) {
      state.load();
      String status = Objects.toString(state.get(StackState.STATUS), "");
      String message = Objects.toString(state.get(StackState.MESSAGE), "");
      if (!message.equals(shown) && "starting".equals(status)) {
        out.println("  " + message + " ...");
        shown = message;
      }
      if ("ready".equals(status) && state.supervisor().isPresent()) {
        return status();
      }
      if ("failed".equals(status) || !supervisor.isAlive()) {
        out.println(
            "Start failed: " + message + " (see " + config.logs().resolve("supervisor.log") + ")");
        return 1;
      }
      Thread.sleep(200);
    }
    out.println("Not ready after " + START_TIMEOUT.toSeconds() + " s; see " + config.logs());
    return 1;
  }

  int down() throws IOException, InterruptedException {
    StackState state = StackState.at(config.home()).load();
    var supervisor = state.supervisor();
    if (supervisor.isEmpty()) {
      int orphans = stopOrphans(state);
      out.println(
          orphans == 0
              ? "Pipeline Medic is not running."
              : "The supervisor was gone; stopped " + orphans + " process(es) it had started.");
      return 0;
    }
    out.println("Stopping Pipeline Medic ...");
    supervisor.get().destroy();
    Instant deadline = Instant.now().plus(STOP_TIMEOUT);
    while (supervisor.get().isAlive() && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    if (supervisor.get().isAlive()) {
      supervisor.get().descendants().forEach(ProcessHandle::destroyForcibly);
      supervisor.get().destroyForcibly();
      out.println("Stopped by force after " + STOP_TIMEOUT.toSeconds() + " s.");
      return 1;
    }
    stopOrphans(state);
    out.println("Stopped. Data is kept in " + config.home().resolve("data") + ".");
    return 0;
  }

  /**
   * Stops what a supervisor that died without cleaning up (kill -9) left running: the Java
   * processes it recorded and the PostgreSQL postmaster of the stack's data directory.
   */
  private int stopOrphans(StackState state) throws IOException {
    List<ProcessHandle> orphans = new ArrayList<>();
    for (String key : state.keys()) {
      if (key.endsWith(".pid") && !key.equals(StackState.SUPERVISOR_PID)) {
        ProcessHandle.of(Long.parseLong(state.get(key)))
            .filter(p -> p.info().command().orElse("").endsWith("java"))
            .ifPresent(orphans::add);
      }
    }
    Path postmaster = config.home().resolve("data/postgres/postmaster.pid");
    if (Files.exists(postmaster)) {
      ProcessHandle.of(Long.parseLong(Files.readAllLines(postmaster).get(0).trim()))
          .filter(p -> p.info().command().orElse("").endsWith("postgres"))
          .ifPresent(orphans::add);
    }
    orphans.forEach(ProcessHandle::destroy);
    orphans.forEach(p -> p.onExit().join());
    return orphans.size();
  }

  int status() throws IOException {
    StackState state = StackState.at(config.home()).load();
    boolean running = state.supervisor().isPresent();
    out.printf(
        "%-21s %s%n",
        "stack",
        running
            ? state.get(StackState.STATUS) + " (" + state.get(StackState.MESSAGE) + ")"
            : "not running");
    if (!running) {
      return 3;
    }
    boolean allUp = "ready".equals(state.get(StackState.STATUS));
    allUp &=
        line(
            "postgres",
            config.postgresPort(),
            "postgresql://127.0.0.1:" + config.postgresPort() + "/" + StackConfig.DATABASE);
    allUp &= line("kafka", config.kafkaPort(), config.bootstrapServers());
    for (ServiceSpec service : config.services()) {
      allUp &= line(service.name(), service.port(), service.url());
    }
    return allUp ? 0 : 1;
  }

  private boolean line(String name, int port, String address) {
    boolean up = Ports.isOpen(port);
    out.printf("%-21s %-5s %s%n", name, up ? "up" : "down", address);
    return up;
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
    out.println("Playing " + name + ": " + scenario.description().strip());
    ScenarioRun run =
        new ScenarioRunner(config.root())
            .run(scenario, config.home().resolve("scenarios").resolve(name));
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
    out.println("warehouse     " + run.warehouse());
    out.println("artifacts     " + run.artifacts() + "/step-{1,2,3}");
    out.println(
        "expected      "
            + (scenario.expected().rootCause() == null
                ? "nothing fails"
                : scenario.expected().failureClass() + " at " + scenario.expected().rootCause()));
    return 0;
  }

  /** Starts the stack if it is not running, then plays the demo's nights. */
  int demo(List<String> scenarios) throws Exception {
    if (StackState.at(config.home()).load().supervisor().isEmpty() && up() != 0) {
      return 1;
    }
    return new Demo(config, out).run(scenarios);
  }

  /** Starts the stack if it is not running, then plays and scores the failure scenarios. */
  int eval(List<String> options) throws Exception {
    if (StackState.at(config.home()).load().supervisor().isEmpty() && up() != 0) {
      return 1;
    }
    return new Eval(config, out).run(options);
  }

  int usage() {
    out.println(
        """
        usage: ./medic COMMAND
          up              start Kafka, PostgreSQL, the topics and the services (data is kept)
          down            stop everything
          status          what runs, where
          tail TOPIC [N]  print the records of TOPIC (key, headers, value); stop after N or when idle
          secret NAME     print a local webhook secret (dbt-cloud, airflow, runs)
          scenario NAME   play an example failure scenario with real dbt (examples/scenarios/NAME)
          demo [NAME...]  start everything, play the example team's failing nights through it, summarise
          eval [--project NAME] [--mode build|steps]
                          play every failing scenario through the running system and score it
                          against its ground truth (class, root cause, action, fix, owner, time)
          bench [SECONDS] load ingest-service and the 202-only ceiling; print req/s, p50, p99""");
    return 2;
  }
}
