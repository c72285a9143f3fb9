package io.pipelinemedic.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
    assertThat(failed.get("knowledge base (Notion)"))
        .contains("answered 401")
        .contains("share the database with the integration");
    assertThat(failed.get("GitHub")).contains("answered 401 {\"message\":\"Bad credentials\"}");
    assertThat(failed.get("Slack")).contains("invalid_auth");
    assertThat(failed.get("Jira")).contains("medic.publisher.jira.token");
    assertThat(failed.get("dbt Cloud")).contains("medic.context.dbt-cloud.token");
  }

  /** A configuration whose every part is there and answers. */
  private String working() throws Exception {
    Path work = dir.resolve("project");
    try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
      Files.writeString(work.resolve("dbt_project.yml"), "name: team\n");
      git.add().addFilepattern(".").call();
      git.commit().setMessage("project").setSign(false).call();
    }
    Path duck = dir.resolve("prod.duckdb");
    byte[] header = new byte[4096];
    System.arraycopy("DUCK".getBytes(StandardCharsets.US_ASCII), 0, header, 8, 4);
    Files.write(duck, header);
    Path dbt = Files.createDirectories(dir.resolve("venv/bin")).resolve("dbt");
    Files.writeString(dbt, "#!/bin/sh\necho 'Core: 1.11.0'\n");
    Files.setPosixFilePermissions(dbt, PosixFilePermissions.fromString("rwxr-xr-x"));
    String local = "http://127.0.0.1:" + saas.getAddress().getPort();
    return String.join(
            "\n",
            "medic.runner.git-remote=" + work,
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
                dir.resolve("venv").toString()));
    return new Doctor(config).run();
  }

  private static Map<String, String> failures(List<Doctor.Check> checks) {
    return checks.stream()
        .filter(check -> !check.ok())
        .collect(Collectors.toMap(Doctor.Check::name, Doctor.Check::detail));
  }
}
