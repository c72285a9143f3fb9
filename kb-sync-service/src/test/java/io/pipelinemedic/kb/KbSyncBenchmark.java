package io.pipelinemedic.kb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.testsupport.ServiceProcess;
import io.pipelinemedic.testsupport.SignedIn;
import io.pipelinemedic.testsupport.TopicRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store-and-publish path of kb-sync-service, measured on the packaged service with a real
 * PostgreSQL, broker and git repository: a first sync of N markdown entries (parsed, validated,
 * stored with history and outbox, published), a full re-read that finds nothing changed, and a
 * commit that changes 1 % of the entries. Prints entries per second of each. With {@code notion}, N
 * pages of a Notion database on the local stand-in instead, next to a bare reading of them.
 */
public final class KbSyncBenchmark {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern FIELD =
      Pattern.compile("\"(created|updated|unchanged|deleted|complete)\":(\\w+)");

  private KbSyncBenchmark() {}

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    if (args.length > 1 && args[1].equals("notion")) {
      notion(entries);
      // the stand-in's server and the broker's threads would keep the JVM alive
      System.exit(0);
    }
    Map<String, String> settings = new GitRemote().start();
    GitRemote.commitAndPush("Generated KB", files(entries, 0));
    int port = ServiceProcess.freePort();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MEDIC_KB_GIT_URI", settings.get("medic.kb.git.uri"));
    env.put("MEDIC_KB_GIT_PATH", settings.get("medic.kb.git.path"));
    env.put("MEDIC_KB_GIT_CLONE_DIR", Path.of("target/bench-kb-git").toAbsolutePath().toString());
    env.put("MEDIC_KB_GIT_INTERVAL", "off");
    env.put("MEDIC_API_TOKEN", SignedIn.TOKEN);
    env.put("MEDIC_KB_NOTION_INTERVAL", "off");
    Process service =
        ServiceProcess.start(
            Path.of("target/quarkus-app/quarkus-run.jar"),
            port,
            env,
            Path.of("target/kb-sync-bench.log"),
            "/q/health/ready");
    try {
      System.out.printf("kb-sync benchmark: %,d markdown entries in a git repository%n", entries);
      measure(port, "first sync (all created, published)", entries, false);
      System.out.printf(
          "  records on kb.entries: %,d%n", TopicRecords.all(Topics.KB_ENTRIES).size());
      measure(port, "full re-read, nothing changed", entries, true);
      GitRemote.commitAndPush("Edit 1 %", files(entries / 100, 1));
      measure(port, "1 % of the entries changed", entries, false);
    } finally {
      service.destroy();
      service.waitFor();
    }
  }

  /**
   * A Notion database of {@code entries} pages on the local stand-in, which stops each query at
   * Notion's 10,000 results: two full syncs without a rate cap, each next to the floor of reading
   * the same pages and their blocks with a bare HTTP client; neither may retire anything.
   */
  private static void notion(int entries) throws Exception {
    // the JDK server's small answers otherwise wait for the client's delayed ACK (40 ms each)
    System.setProperty("sun.net.httpserver.nodelay", "true");
    Map<String, String> settings = new NotionApi().start();
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < entries; i++) {
      ObjectNode page =
          NotionApi.newPage(
              "Known failure " + i,
              created.plus(Duration.ofMinutes(i)),
              Map.of(
                  "Class", NotionApi.select("CODE"),
                  "Tests", NotionApi.multiSelect("accepted_values"),
                  "Node", NotionApi.text("model.shop.model_" + i)));
      page.put("created_time", created.plus(Duration.ofMinutes(i)).toString());
      NotionApi.putPage(
          page,
          List.of(
              NotionApi.textBlock(
                  "paragraph", NotionApi.richText("Look at the failing rows of model_" + i))));
    }
    Map<String, String> env = new LinkedHashMap<>();
    settings.forEach(
        (key, value) -> env.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value));
    env.put("MEDIC_KB_NOTION_REQUESTS_PER_SECOND", "0");
    env.put("MEDIC_KB_NOTION_INTERVAL", "off");
    env.put("MEDIC_KB_GIT_INTERVAL", "off");
    env.put("MEDIC_API_TOKEN", SignedIn.TOKEN);
    int port = ServiceProcess.freePort();
    Process service =
        ServiceProcess.start(
            Path.of("target/quarkus-app/quarkus-run.jar"),
            port,
            env,
            Path.of("target/kb-sync-bench.log"),
            "/q/health/ready");
    try {
      System.out.printf(
          "kb-sync benchmark: a Notion database of %,d pages (queries cut at 10,000)%n", entries);
      double floor = bareReading(settings.get("medic.kb.notion.base-url"), entries);
      System.out.printf("  %-38s %7.2f s  (the floor)%n", "bare HTTP reading of every page", floor);
      for (String what : List.of("first full sync", "second full sync, nothing changed")) {
        double seconds = measure(port, "notion", what, entries, true);
        System.out.printf("  %-38s %7.2fx the floor%n", "", seconds / floor);
      }
    } finally {
      service.destroy();
      service.waitFor();
    }
  }

  /**
   * Seconds to read what a full sync must: the query's pages (past the cut, from the last creation
   * time) and each page's blocks, one request at a time.
   */
  private static double bareReading(String base, int entries) throws Exception {
    long start = System.nanoTime();
    int pages = 0;
    String from = null;
    String cursor = null;
    String last = null;
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (true) {
      ObjectNode body = NotionApi.JSON.createObjectNode().put("page_size", 100);
      body.put("result_type", "page");
      body.putArray("sorts").addObject().put("timestamp", "created_time");
      if (from != null) {
        body.putObject("filter")
            .put("timestamp", "created_time")
            .putObject("created_time")
            .put("on_or_after", from);
      }
      if (cursor != null) {
        body.put("start_cursor", cursor);
      }
      JsonNode answer =
          notionCall(base, "/v1/data_sources/" + NotionApi.DATA_SOURCE + "/query", body);
      for (JsonNode page : answer.path("results")) {
        last = page.path("created_time").asText();
        if (seen.add(page.path("id").asText())) {
          pages++;
          notionCall(base, "/v1/blocks/" + page.path("id").asText() + "/children", null);
        }
      }
      cursor = answer.path("has_more").asBoolean() ? answer.path("next_cursor").asText() : null;
      if (cursor == null) {
        if (!answer.path("request_status").path("type").asText().equals("incomplete")) {
          break;
        }
        from = last;
      }
    }
    if (pages != entries) {
      throw new IllegalStateException("the bare reading found " + pages + " of " + entries);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static JsonNode notionCall(String base, String path, ObjectNode body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + NotionApi.TOKEN)
            .header("Notion-Version", "2025-09-03");
    if (body != null) {
      request
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    return NotionApi.JSON.readTree(
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  private static void measure(int port, String what, int entries, boolean full) throws Exception {
    measure(port, "git", what, entries, full);
  }

  /** Runs one sync of {@code source}, prints its entries per second and counts; its seconds. */
  private static double measure(int port, String source, String what, int entries, boolean full)
      throws Exception {
    HttpRequest sync =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:" + port + "/kb/sync?source=" + source + "&full=" + full))
            .header("Authorization", "Bearer " + SignedIn.TOKEN)
            .POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofMinutes(10))
            .build();
    long start = System.nanoTime();
    HttpResponse<String> report = HTTP.send(sync, HttpResponse.BodyHandlers.ofString());
    double seconds = (System.nanoTime() - start) / 1e9;
    if (report.statusCode() != 200) {
      throw new IllegalStateException(report.statusCode() + " " + report.body());
    }
    Map<String, String> counts = new LinkedHashMap<>();
    Matcher field = FIELD.matcher(report.body());
    while (field.find()) {
      counts.put(field.group(1), field.group(2));
    }
    System.out.printf(
        "  %-38s %7.2f s  %,8.0f entries/s  %s%n", what, seconds, entries / seconds, counts);
    return seconds;
  }

  /** {@code count} entries, a third of them with a recipe; {@code edition} changes their text. */
  private static Map<String, String> files(int count, int edition) {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String recipe =
          i % 3 == 0
              ? "recipe:\n  kind: append_to_list_var\n  file: dbt_project.yml\n"
                  + "  variable: known_values_"
                  + i
                  + "\n  column: value\n"
              : "";
      files.put(
          "kb/team-" + (i % 20) + "/entry-" + i + ".md",
          "---\ntitle: Known failure "
              + i
              + "\nclass: CODE\nmatch:\n  tests: [accepted_values]\n  node: model.shop.model_"
              + i
              + "\nowner: {name: Team "
              + (i % 20)
              + ", email: team"
              + (i % 20)
              + "@shop.example}\n"
              + recipe
              + "---\n## Steps (edition "
              + edition
              + ")\n\n1. Look at the failing rows of model_"
              + i
              + ".\n2. Add the new values.\n3. Build the model and its children.\n");
    }
    return files;
  }
}
