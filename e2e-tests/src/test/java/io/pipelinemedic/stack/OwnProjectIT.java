package io.pipelinemedic.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.dbt.DbtCommand;
import io.pipelinemedic.dbt.DbtResult;
import io.pipelinemedic.dbt.DbtRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team's own project, not the example shop, as a new user brings it: a dbt project written for
 * the test (DuckDB, its own git repository and KB), the file {@code ./medic init} writes for it,
 * {@code ./medic doctor} green, the system started with that file alone on a fresh home, a failing
 * dbt Core run uploaded, and the incident published with the fix its KB's recipe makes, verified
 * and pushed to the project's repository. No service is given anything of {@code examples/}, nor
 * holds a file of it open.
 */
class OwnProjectIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void aNewTeamsProjectGoesFromInitToAPublishedVerifiedFix() throws Exception {
    Path project = project();
    DbtRunner dbt =
        new DbtRunner(
            DbtRunner.projectExecutable(SystemUnderTest.ROOT), Duration.ofMinutes(5), Map.of());
    assertThat(build(dbt, project).succeeded()).as("yesterday's production").isTrue();

    Path file = Files.writeString(dir.resolve("medic.properties"), TeamInit.write(project, null));
    Map<String, String> env = SystemUnderTest.freshEnvironment(dir.resolve("home"));
    env.put(TeamConfig.VARIABLE, file.toString());
    StackConfig config = StackConfig.fromEnvironment(SystemUnderTest.ROOT, env);
    assertThat(new Doctor(config).run())
        .allSatisfy(check -> assertThat(check.ok()).as(check.toString()).isTrue());
    assertThat(config.services())
        .as("nothing of the example team")
        .allSatisfy(
            service ->
                assertThat(service.environment().values())
                    .noneMatch(value -> value.contains("/examples")));

    // the shop starts selling gift cards: a status the accepted_values test does not know
    Files.writeString(
        project.resolve("seeds/raw_orders.csv"),
        "order_id,status\n1,placed\n2,paid\n3,gift_card\n",
        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
    String commit = commit(project, "Orders of the gift card shop");
    DbtResult night = build(dbt, project);
    assertThat(night.succeeded()).as("tonight's run fails").isFalse();

    Supervisor supervisor = new Supervisor(config);
    try {
      supervisor.start();
      String incident = upload(config, project, commit);
      JsonNode view = awaitPublished(config, incident);

      assertThat(view.at("/incident/failureClass").asText()).isEqualTo("CODE");
      JsonNode fix = outcome(view, "fix.proposed");
      assertThat(fix.path("outcome").asText()).as(fix.toString()).isEqualTo("VERIFIED");
      try (Git git = Git.open(project.toFile())) {
        assertThat(git.branchList().call())
            .anyMatch(
                ref -> ref.getName().equals("refs/heads/" + fix.at("/change/branch").asText()));
      }
      assertThat(openFiles(config))
          .as("the services' open files")
          .isNotEmpty()
          .noneMatch(path -> path.startsWith(SystemUnderTest.ROOT.resolve("examples")));
    } finally {
      supervisor.stop();
    }
  }

  /** Every file the stack's services hold open, and their working folders. */
  private static List<Path> openFiles(StackConfig config) throws IOException {
    StackState state = StackState.at(config.home()).load();
    List<Path> open = new ArrayList<>();
    for (ServiceSpec service : config.services()) {
      Path process = Path.of("/proc", state.get(service.name() + ".pid"));
      open.add(Files.readSymbolicLink(process.resolve("cwd")));
      try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
        for (Path descriptor : descriptors) {
          try {
            open.add(Files.readSymbolicLink(descriptor));
          } catch (IOException closedMeanwhile) {
            // a descriptor closed between the listing and the read
          }
        }
      }
    }
    return open;
  }

  /** A small shop-like project of another team: seeds, one model, its test, a KB entry. */
  private Path project() throws Exception {
    Path project = Files.createDirectories(dir.resolve("giftshop"));
    Path warehouse = Files.createDirectories(dir.resolve("warehouse"));
    Files.writeString(
        project.resolve("dbt_project.yml"),
        "name: giftshop\nversion: '1.0'\nprofile: giftshop\nconfig-version: 2\n");
    Files.writeString(
        project.resolve("profiles.yml"),
        "giftshop:\n  target: prod\n  outputs:\n    prod:\n      type: duckdb\n      path: "
            + warehouse.resolve("prod.duckdb")
            + "\n      threads: 1\n");
    Files.createDirectories(project.resolve("seeds"));
    Files.writeString(
        project.resolve("seeds/raw_orders.csv"), "order_id,status\n1,placed\n2,paid\n");
    Files.createDirectories(project.resolve("models"));
    Files.writeString(
        project.resolve("models/stg_orders.sql"),
        "select order_id, status from {{ ref('raw_orders') }}\n");
    Files.writeString(
        project.resolve("models/stg_orders.yml"),
        "version: 2\nmodels:\n  - name: stg_orders\n    columns:\n      - name: status\n"
            + "        data_tests:\n          - accepted_values:\n              arguments:\n"
            + "                values: [placed, paid]\n");
    Files.createDirectories(project.resolve("kb"));
    Files.writeString(
        project.resolve("kb/new-order-status.md"),
        "---\ntitle: The shop writes an order status the tests do not know\nclass: CODE\nmatch:\n"
            + "  tests: [accepted_values]\nowner:\n  name: Gift shop data\n"
            + "  email: data@giftshop.example\nrecipe:\n  kind: add_accepted_values\n---\n"
            + "A new status the business uses: add it to the test's list.\n");
    Files.writeString(project.resolve(".gitignore"), "target/\nlogs/\ndbt_packages/\n");
    try (Git git = Git.init().setDirectory(project.toFile()).setInitialBranch("main").call()) {
      // the runner pushes fix branches here; main stays checked out
    }
    commit(project, "The gift shop's project");
    return project;
  }

  private static DbtResult build(DbtRunner dbt, Path project) throws Exception {
    return dbt.run(
        DbtCommand.of("build").projectDir(project).profilesDir(project).target("prod").build(),
        project);
  }

  private static String commit(Path project, String message) throws Exception {
    try (Git git = Git.open(project.toFile())) {
      git.add().addFilepattern(".").call();
      return git.commit().setMessage(message).setSign(false).call().getName();
    }
  }

  /** The failed run as the README's dbt Core line sends it: run results and manifest. */
  private static String upload(StackConfig config, Path project, String commit) throws Exception {
    String boundary = "medic-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String name : List.of("run_results", "manifest")) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + name
                  + "\"; filename=\""
                  + name
                  + ".json\"\r\nContent-Type: application/json\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.writeBytes(Files.readAllBytes(project.resolve("target/" + name + ".json")));
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    for (Map.Entry<String, String> field :
        Map.of("project", "giftshop", "environment", "prod", "git_sha", commit).entrySet()) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + field.getKey()
                  + "\"\r\n\r\n"
                  + field.getValue()
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(config.service("ingest-service").url() + "/runs"))
                .header(
                    "Authorization", "Bearer " + Secrets.loadOrCreate(config.home()).get("runs"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return JSON.readTree(response.body()).path("incidentId").asText();
  }

  private static JsonNode awaitPublished(StackConfig config, String incident) throws Exception {
    URI uri = URI.create(config.service("publisher-service").url() + "/incidents/" + incident);
    Secrets secrets = Secrets.loadOrCreate(config.home());
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    JsonNode view = null;
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> response =
          HTTP.send(secrets.signedIn(uri).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        view = JSON.readTree(response.body());
        if (view.at("/incident/status").asText().equals("PUBLISHED")
            && !outcome(view, "fix.proposed").isMissingNode()) {
          return view;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError(incident + " was not published: " + view);
  }

  /** The event of {@code topic} on the incident's timeline, or a missing node. */
  private static JsonNode outcome(JsonNode view, String topic) throws Exception {
    for (JsonNode entry : view.path("timeline")) {
      if (entry.path("topic").asText().equals(topic)) {
        return JSON.readTree(entry.path("event").asText());
      }
    }
    return JSON.missingNode();
  }
}
