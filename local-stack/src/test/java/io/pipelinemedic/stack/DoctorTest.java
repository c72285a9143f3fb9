package io.pipelinemedic.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./medic doctor} against a configuration broken in each way it checks, and against one that
 * works: a real git repository, DuckDB files, a dbt executable, and local servers answering as
 * GitHub, Slack, Jira, Notion and dbt Cloud answer a good or a refused token.
 */
class DoctorTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static final String SCHEMA =
      """
      version: 2
      sources:
        - name: raw
          schema: raw
          tables:
            - name: orders
      models:
        - name: orders
          columns:
            - name: status
              data_tests:
                - accepted_values:
                    arguments:
                      values: [paid, shipped]
      """;

  @TempDir Path dir;

  private HttpServer saas;
  private boolean refuse;

  @BeforeEach
  void services() throws IOException {
    saas = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    saas.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          int status = refuse && !path.endsWith("/auth.test") ? 401 : 200;
          String body =
              path.endsWith("/auth.test")
                  ? refuse ? "{\"ok\":false,\"error\":\"invalid_auth\"}" : "{\"ok\":true}"
                  : refuse ? "{\"message\":\"Bad credentials\"}" : "{}";
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    saas.start();
  }

  @AfterEach
  void stop() {
    saas.stop(0);
  }

  @Test
  void withoutATeamFileTheOnlyCheckSaysHowToGiveOne() throws Exception {
    List<Doctor.Check> checks =
        new Doctor(StackConfig.fromEnvironment(dir, Map.of("MEDIC_HOME", dir.toString()))).run();

    assertThat(checks)
        .singleElement()
        .satisfies(
            check -> {
              assertThat(check.ok()).isFalse();
              assertThat(check.detail()).contains("--config medic.properties");
            });
  }

  @Test
  void aWorkingConfigurationPassesEveryCheck() throws Exception {
    Map<String, String> failed = failures(doctor(working()));

    assertThat(failed).isEmpty();
  }

  @Test
  void theSandboxIsTriedOrSaidToBeOffOnPurpose() throws Exception {
    assertThat(Doctor.sandbox(Map.of()).detail()).isEqualTo("bubblewrap makes a sandbox here");
    assertThat(Doctor.sandbox(Map.of("MEDIC_RUNNER_SANDBOX", "none")).detail())
        .startsWith("none: the agent and dbt run with the runner's user");
  }

  @Test
  void eachBrokenPartIsNamedWithWhatToFix() throws Exception {
    Path notDuck = Files.writeString(dir.resolve("prod.duckdb.csv"), "order_id,status\n1,paid\n");
    refuse = true;

    Map<String, String> failed =
        failures(
            doctor(
                working()
                    + "medic.runner.git-remote="
                    + dir.resolve("nowhere.git")
                    + "\nmedic.runner.production-duckdb="
                    + notDuck
                    + "\nmedic.runner.attachments.fx="
                    + dir.resolve("fx.duckdb")
                    + "\nmedic.runner.agent.kind=claude-code\n"));

    assertThat(failed)
        .containsOnlyKeys(
            "repository",
            "dbt parse",
            "sources in the warehouse",
            "model endpoint (claude-code)",
            "production warehouse",
            "attachment fx",
            "coding agent (claude-code)",
            "knowledge base (Notion)",
            "GitHub",
            "Slack",
            "Jira",
            "dbt Cloud");
    assertThat(failed.get("repository"))
        .contains("cannot be read")
        .contains("medic.runner.git-remote");
    assertThat(failed.get("production warehouse")).contains("is not a DuckDB database");
    assertThat(failed.get("attachment fx")).contains("does not exist");
    assertThat(failed.get("coding agent (claude-code)")).contains("is not installed");
    assertThat(failed.get("model endpoint (claude-code)"))
        .contains("medic.runner.agent.env.ANTHROPIC_API_KEY");
    assertThat(failed.get("dbt parse")).contains("cannot parse the project at its head");
    assertThat(failed.get("knowledge base (Notion)"))
        .contains("answered 401")
        .contains("share the database with the integration");
    assertThat(failed.get("GitHub")).contains("answered 401 {\"message\":\"Bad credentials\"}");
    assertThat(failed.get("Slack")).contains("invalid_auth");
    assertThat(failed.get("Jira")).contains("medic.publisher.jira.token");
    assertThat(failed.get("dbt Cloud")).contains("medic.context.dbt-cloud.token");
  }

  @Test
  void theProjectsOwnMistakesAreNamed() throws Exception {
    String properties =
        working()
                .lines()
                .filter(line -> !line.startsWith("medic.kb.notion"))
                .collect(Collectors.joining("\n", "", "\n"))
            + "medic.kb.git.uri="
            + dir.resolve("project")
            + "\n";
    project(
        Map.of(
            "models/orders.sql",
            "select * from {{ source('raw', 'orders') }}\n",
            "models/customers.sql",
            "select * from {{ source('raw', 'customers') }}\n",
            "models/schema.yml",
            SCHEMA.replace(
                "- name: orders\nmodels:", "- name: orders\n      - name: customers\nmodels:"),
            "kb/typo.md",
            "---\ntitle: A typo\nclass: CODE\nmatch:\n  tests: [accepted_value]\n---\nFix.\n",
            "kb/no-class.md",
            "---\ntitle: No class\nmatch:\n  node: model.team.orders\n---\n"));

    Map<String, String> failed = failures(doctor(properties));

    assertThat(failed).containsOnlyKeys("sources in the warehouse", "knowledge base entries");
    assertThat(failed.get("sources in the warehouse"))
        .contains("1 of 2 sources are not in")
        .contains("prod.raw.customers")
        .doesNotContain("raw.orders");
    assertThat(failed.get("knowledge base entries"))
        .contains("kb/no-class.md@")
        .contains("class")
        .contains("typo names no test or node of the project (tests [accepted_value])");
  }

  @Test
  void aProjectThatDoesNotParseIsNamedWithDbtsWords() throws Exception {
    String properties = working();
    project(Map.of("models/orders.sql", "select * from {{ ref('nowhere') }}\n"));

    Map<String, String> failed = failures(doctor(properties));

    assertThat(failed).containsKeys("dbt parse");
    assertThat(failed.get("dbt parse")).contains("does not parse").contains("nowhere");
  }

  /** A configuration whose every part is there and answers. */
  private String working() throws Exception {
    project(
        Map.of(
            "models/orders.sql",
            "select * from {{ source('raw', 'orders') }}\n",
            "models/schema.yml",
            SCHEMA,
            "kb/new-status.md",
            "---\ntitle: A new order status\nclass: CODE\nmatch:\n  tests: [accepted_values]\n"
                + "  node: model.team.orders\n---\nAdd the status.\n"));
    Path duck = dir.resolve("prod.duckdb");
    try (Connection production = DriverManager.getConnection("jdbc:duckdb:" + duck);
        Statement statement = production.createStatement()) {
      statement.execute("CREATE SCHEMA raw");
      statement.execute("CREATE TABLE raw.orders AS SELECT 1 AS order_id, 'paid' AS status");
    }
    String local = "http://127.0.0.1:" + saas.getAddress().getPort();
    return String.join(
            "\n",
            "medic.runner.git-remote=" + dir.resolve("project"),
            "medic.runner.production-duckdb=" + duck,
            "medic.classifier.warehouse.kind=duckdb",
            "medic.classifier.warehouse.duckdb.path=" + duck,
            "medic.kb.notion.database-id=248104cd477e80fdb757e945d38000bd",
            "medic.kb.notion.token=ntn_1",
            "medic.kb.notion.base-url=" + local,
            "medic.publisher.github.repository=team/dbt",
            "medic.publisher.github.token=ghp_1",
            "medic.publisher.github.endpoint=" + local,
            "medic.publisher.slack.token=xoxb-1",
            "medic.publisher.slack.endpoint=" + local,
            "medic.publisher.jira.url=" + local,
            "medic.publisher.jira.email=ops@team.example",
            "medic.publisher.jira.token=j1",
            "medic.context.dbt-cloud.token=dbtc_1",
            "medic.context.dbt-cloud.base-url=" + local)
        + "\n";
  }

  /** The team's dbt project, committed on {@code main}, with {@code files} beside its own file. */
  private void project(Map<String, String> files) throws Exception {
    Path work = dir.resolve("project");
    try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
      Files.writeString(
          work.resolve("dbt_project.yml"),
          "name: team\nprofile: team\nconfig-version: 2\nversion: '1.0'\n");
      for (Map.Entry<String, String> file : files.entrySet()) {
        Files.createDirectories(work.resolve(file.getKey()).getParent());
        Files.writeString(work.resolve(file.getKey()), file.getValue());
      }
      git.add().addFilepattern(".").call();
      git.commit().setMessage("project").setSign(false).call();
    }
  }

  private List<Doctor.Check> doctor(String properties) throws Exception {
    Path file = Files.writeString(dir.resolve("medic.properties"), properties);
    StackConfig config =
        StackConfig.fromEnvironment(
            dir,
            Map.of(
                TeamConfig.VARIABLE,
                file.toString(),
                "MEDIC_HOME",
                dir.resolve("home").toString(),
                "MEDIC_DBT_VENV",
                ROOT.resolve(".venv/dbt").toString(),
                "MEDIC_KAFKA_PORT",
                String.valueOf(Ports.free())));
    return new Doctor(config).run();
  }

  private static Map<String, String> failures(List<Doctor.Check> checks) {
    return checks.stream()
        .filter(check -> !check.ok())
        .collect(Collectors.toMap(Doctor.Check::name, Doctor.Check::detail));
  }
}
