package io.pipelinemedic.stack;

import io.pipelinemedic.dbt.Confinement;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * {@code ./medic doctor}: checks a team's configuration before its first incident, one line per
 * check that says what is wrong and how to fix it: the file itself, the dbt project's repository,
 * the production warehouse and its attachments, the KB, the dbt runtime, the project's parse and
 * its sources, the KB's entries against the project, the coding agent's CLI and model endpoint,
 * each configured channel and reporter (the service answers and takes the token), and the queues of
 * a running stack.
 */
final class Doctor {

  /** One check: what, whether it passed, and what was found or what to do. */
  record Check(String name, boolean ok, String detail) {}

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** How long {@code dbt deps} and {@code dbt parse} of the project may take. */
  private static final Duration DBT = Duration.ofMinutes(3);

  /** A consumer group further behind than this is reported. */
  private static final long LAG_LIMIT = 100;

  private static final String ATTACHMENT = "MEDIC_RUNNER_ATTACHMENTS_";

  private final StackConfig config;
  private final ServiceChecks services = new ServiceChecks(TIMEOUT);

  Doctor(StackConfig config) {
    this.config = config;
  }

  /** Every check, in order. */
  List<Check> run() throws InterruptedException {
    List<Check> checks = new ArrayList<>();
    if (config.teamConfig() == null) {
      checks.add(
          new Check(
              "configuration",
              false,
              "no team file: ./medic doctor --config medic.properties (or MEDIC_CONFIG)"));
      return checks;
    }
    checks.add(new Check("configuration", true, config.teamConfig().toString()));
    Map<String, String> runner = settings("agent-runner-service");
    checks.add(
        repository(
            "repository",
            runner.get("MEDIC_RUNNER_GIT_REMOTE"),
            credentials(runner.get("MEDIC_RUNNER_GIT_TOKEN")),
            "medic.runner.git-remote"));
    String warehouse = runner.getOrDefault("MEDIC_RUNNER_WAREHOUSE", "duckdb");
    if (warehouse.equals("duckdb")) {
      checks.add(
          DuckDbFile.check(
              "production warehouse",
              runner.get("MEDIC_RUNNER_PRODUCTION_DUCKDB"),
              "medic.runner.production-duckdb"));
    }
    attachments(runner)
        .forEach(
            (alias, path) ->
                checks.add(
                    DuckDbFile.check(
                        "attachment " + alias, path, "medic.runner.attachments." + alias)));
    Map<String, String> classifier = settings("classifier-service");
    if ("duckdb".equals(classifier.get("MEDIC_CLASSIFIER_WAREHOUSE_KIND"))) {
      checks.add(
          DuckDbFile.check(
              "diagnostics warehouse",
              classifier.get("MEDIC_CLASSIFIER_WAREHOUSE_DUCKDB_PATH"),
              "medic.classifier.warehouse.duckdb.path"));
    }
    Map<String, String> kb = settings("kb-sync-service");
    checks.add(knowledgeBase(kb));
    checks.add(runs("dbt runtime", runner.get("MEDIC_RUNNER_DBT"), "--version"));
    try (ProjectChecks project = new ProjectChecks()) {
      checks.add(
          project.parse(
              runner.get("MEDIC_RUNNER_GIT_REMOTE"),
              credentials(runner.get("MEDIC_RUNNER_GIT_TOKEN")),
              runner,
              DBT));
      checks.add(
          switch (warehouse) {
            case "postgres" -> PostgresChecks.sandboxRole(runner, project.manifest());
            case "duckdb" ->
                project.sources(runner.get("MEDIC_RUNNER_PRODUCTION_DUCKDB"), attachments(runner));
            default ->
                new Check(
                    "sandbox account",
                    true,
                    warehouse
                        + ": not checked here; the runner's first dev dataset shows whether it"
                        + " may read production and make its own");
          });
      checks.add(KbEntryChecks.entries(kb, project.manifest(), project.work()));
    } catch (IOException e) {
      checks.add(new Check("dbt parse", false, "no scratch folder: " + e.getMessage()));
    }
    checks.add(agent(runner));
    checks.add(sandbox(runner));
    if (!"none".equals(runner.getOrDefault("MEDIC_RUNNER_AGENT_KIND", "none"))) {
      checks.add(services.model(runner));
    }
    services.channels(settings("publisher-service"), settings("context-service"), checks);
    checks.add(queues(LAG_LIMIT));
    return checks;
  }

  /** The runner's sandbox, tried as the runner tries it when it starts. */
  static Check sandbox(Map<String, String> runner) throws InterruptedException {
    String kind = runner.getOrDefault("MEDIC_RUNNER_SANDBOX", "bubblewrap");
    if ("none".equals(kind)) {
      return new Check(
          "sandbox",
          true,
          "none: the agent and dbt run with the runner's user and files (medic.runner.sandbox)");
    }
    try {
      Confinement bubblewrap = Confinement.bubblewrap(List.of());
      bubblewrap.check();
      return new Check("sandbox", true, "bubblewrap makes a sandbox here");
    } catch (IllegalStateException | IOException e) {
      return new Check("sandbox", false, e.getMessage());
    }
  }

  /** The runner's attachments, by alias. */
  private static Map<String, String> attachments(Map<String, String> runner) {
    Map<String, String> attachments = new TreeMap<>();
    runner.forEach(
        (name, value) -> {
          if (name.startsWith(ATTACHMENT)) {
            attachments.put(name.substring(ATTACHMENT.length()).toLowerCase(Locale.ROOT), value);
          }
        });
    return attachments;
  }

  /**
   * When the stack runs: no consumer group more than {@code limit} records behind (a queue that
   * long means an incident waits hours), named with its topic and count.
   */
  Check queues(long limit) throws InterruptedException {
    String name = "queues";
    if (!Ports.isOpen(config.kafkaPort())) {
      return new Check(name, true, "the stack is not running: nothing waits");
    }
    try {
      List<String> behind = new ArrayList<>();
      QueueReport.of(config.bootstrapServers())
          .behind()
          .forEach(
              (group, topics) ->
                  topics.forEach(
                      (topic, records) -> {
                        if (records > limit) {
                          behind.add(
                              String.format("%s is %,d behind on %s", group, records, topic));
                        }
                      }));
      return behind.isEmpty()
          ? new Check(name, true, "no group more than " + limit + " records behind")
          : new Check(
              name,
              false,
              String.join("; ", behind)
                  + ": incidents wait until it is read (./medic status, the service's log)");
    } catch (ExecutionException | RuntimeException e) {
      return new Check(name, false, "the broker does not answer: " + e.getMessage());
    }
  }

  /** The stack's settings of a service (its file's and the environment's). */
  private Map<String, String> settings(String service) {
    return config.service(service).environment();
  }

  /** JGit's credentials for a token, as the runner and kb-sync give them; null without one. */
  static CredentialsProvider credentials(String token) {
    return token == null ? null : new UsernamePasswordCredentialsProvider("x-access-token", token);
  }

  private static Check repository(
      String name, String uri, CredentialsProvider credentials, String setting) {
    if (uri == null || uri.isBlank()) {
      return new Check(name, false, "not set: " + setting + " names the dbt project's repository");
    }
    try {
      boolean heads =
          !Git.lsRemoteRepository()
              .setRemote(uri)
              .setCredentialsProvider(credentials)
              .setHeads(true)
              .setTimeout(10)
              .call()
              .isEmpty();
      return heads
          ? new Check(name, true, uri)
          : new Check(name, false, uri + " has no branch: push the project, or fix " + setting);
    } catch (GitAPIException | RuntimeException e) {
      return new Check(
          name, false, uri + " cannot be read (" + e.getMessage() + "): fix " + setting);
    }
  }

  private Check knowledgeBase(Map<String, String> kb) throws InterruptedException {
    String database = kb.get("MEDIC_KB_NOTION_DATABASE_ID");
    if (database != null) {
      String base = kb.getOrDefault("MEDIC_KB_NOTION_BASE_URL", "https://api.notion.com");
      return services.answer(
          "knowledge base (Notion)",
          HttpRequest.newBuilder(URI.create(base + "/v1/databases/" + database))
              .header("Authorization", "Bearer " + kb.getOrDefault("MEDIC_KB_NOTION_TOKEN", ""))
              .header("Notion-Version", kb.getOrDefault("MEDIC_KB_NOTION_VERSION", "2025-09-03")),
          "share the database with the integration and set medic.kb.notion.token");
    }
    String git = kb.get("MEDIC_KB_GIT_URI");
    if (git != null) {
      return repository(
          "knowledge base (git)",
          git,
          credentials(kb.get("MEDIC_KB_GIT_TOKEN")),
          "medic.kb.git.uri");
    }
    return new Check(
        "knowledge base",
        false,
        "none: set medic.kb.git.uri (markdown in git) or medic.kb.notion.database-id");
  }

  private Check agent(Map<String, String> runner) throws InterruptedException {
    String kind = runner.getOrDefault("MEDIC_RUNNER_AGENT_KIND", "none");
    if (kind.equals("none")) {
      return new Check(
          "coding agent",
          true,
          "off: AGENT groups end \"no coding agent is configured\" (medic.runner.agent.kind)");
    }
    String executable = runner.get("MEDIC_RUNNER_AGENT_EXECUTABLE");
    if (executable == null) {
      return new Check("coding agent", true, kind + " (its command is the runner's to check)");
    }
    return runs("coding agent (" + kind + ")", executable, "--version");
  }

  /** Whether {@code executable} runs and ends well within the timeout. */
  private static Check runs(String name, String executable, String argument)
      throws InterruptedException {
    if (executable == null || !Files.isExecutable(Path.of(executable))) {
      return new Check(name, false, executable + " is not installed");
    }
    try {
      Process process = new ProcessBuilder(executable, argument).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Check(name, false, executable + " did not answer " + argument);
      }
      // the first line that names a version ("installed: 1.11.16", "2.0.31 (Claude Code)")
      String first =
          said.lines()
              .map(String::strip)
              .filter(line -> line.matches(".*\\d+\\.\\d+.*"))
              .findFirst()
              .orElse(said.strip().lines().findFirst().orElse(""));
      return process.exitValue() == 0
          ? new Check(name, true, executable + " (" + first + ")")
          : new Check(name, false, executable + " " + argument + " failed: " + first);
    } catch (IOException e) {
      return new Check(name, false, executable + " cannot run: " + e.getMessage());
    }
  }
}
