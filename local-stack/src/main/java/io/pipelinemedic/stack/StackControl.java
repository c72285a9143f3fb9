package io.pipelinemedic.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** {@code ./medic up}, {@code down} and {@code status}: the supervisor process and what it runs. */
final class StackControl {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

  private final StackConfig config;
  private final PrintStream out;

  StackControl(StackConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  int up() throws IOException, InterruptedException {
    StackState state = StackState.at(config.home()).load();
    if (state.supervisor().isPresent()) {
      out.println("Pipeline Medic is already running.");
      return status();
    }
    if (config.teamConfig() == null) {
      out.println(
          "No team configuration: ./medic up --config medic.properties (or MEDIC_CONFIG) names"
              + " your team's file; "
              + StackConfig.EXAMPLE_CONFIG
              + " is the example team's, which ./medic demo runs with.");
      return 2;
    }
    if (!installAgent()) {
      return 1;
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
    ProcessBuilder launch = new ProcessBuilder(command);
    launch.environment().put(TeamConfig.VARIABLE, config.teamConfig().toString());
    Process supervisor =
        launch
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
        out.println(Secrets.pageLine(config));
        return status();
      }
      if ("failed".equals(status) || !supervisor.isAlive()) {
        out.println(
            "Start failed: " + message + " (see " + config.logs().resolve("supervisor.log") + ")");
        // the supervisor stops what it started before it exits: wait, so status is right after
        supervisor.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return 1;
      }
      Thread.sleep(200);
    }
    out.println("Not ready after " + START_TIMEOUT.toSeconds() + " s; see " + config.logs());
    return 1;
  }

  /**
   * Installs the pinned CLI of the configured agent kind ({@code tools/agents/ensure-agents}) when
   * it is not there yet; false, with the reason printed, when that fails.
   */
  private boolean installAgent() throws IOException, InterruptedException {
    String executable =
        config.service("agent-runner-service").environment().get("MEDIC_RUNNER_AGENT_EXECUTABLE");
    if (executable == null || Files.isExecutable(Path.of(executable))) {
      return true;
    }
    out.println("Installing the coding agent's CLI (tools/agents/ensure-agents) ...");
    Process install =
        new ProcessBuilder(config.root().resolve("tools/agents/ensure-agents").toString())
            .inheritIO()
            .start();
    if (install.waitFor() != 0 || !Files.isExecutable(Path.of(executable))) {
      out.println("The agent's CLI could not be installed: " + executable + " is missing.");
      return false;
    }
    return true;
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
    List<ProcessHandle> orphans = orphans(state);
    orphans.forEach(ProcessHandle::destroy);
    orphans.forEach(p -> p.onExit().join());
    return orphans.size();
  }

  /** The processes a supervisor recorded that still run without it. */
  private List<ProcessHandle> orphans(StackState state) throws IOException {
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
    return orphans;
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
      if ("failed".equals(state.get(StackState.STATUS))) {
        out.printf(
            "%-21s %s%n",
            "last start",
            "failed: "
                + state.get(StackState.MESSAGE)
                + " ("
                + config.logs().resolve("supervisor.log")
                + ")");
      }
      int left = orphans(state).size();
      if (left > 0) {
        out.printf(
            "%-21s %s%n",
            "left running", left + " process(es) of the stack: ./medic down stops them");
      }
      return 3;
    }
    out.printf("%-21s %s%n", "team", Objects.toString(state.get(StackState.CONFIG), "none"));
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
    if (Ports.isOpen(config.kafkaPort())) {
      queues();
    }
    return allUp ? 0 : 1;
  }

  /** Each consumer group's records still to read, and the dead-letter topics that hold any. */
  private void queues() {
    try {
      QueueReport report = QueueReport.of(config.bootstrapServers());
      List<String> behind = new ArrayList<>();
      report
          .behind()
          .forEach(
              (group, topics) ->
                  topics.forEach(
                      (topic, records) ->
                          behind.add(String.format("%s %,d on %s", group, records, topic))));
      out.printf(
          "%-21s %s%n", "behind", behind.isEmpty() ? "nothing waits" : String.join("; ", behind));
      List<String> dead = new ArrayList<>();
      report.deadLetters().forEach((topic, records) -> dead.add(topic + " " + records));
      out.printf(
          "%-21s %s%n",
          "dead letters",
          dead.isEmpty() ? "none" : String.join(", ", dead) + " (./medic tail TOPIC shows why)");
    } catch (ExecutionException | RuntimeException e) {
      out.printf("%-21s %s%n", "queues", "unknown: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean line(String name, int port, String address) {
    boolean up = Ports.isOpen(port);
    out.printf("%-21s %-5s %s%n", name, up ? "up" : "down", address);
    return up;
  }
}
