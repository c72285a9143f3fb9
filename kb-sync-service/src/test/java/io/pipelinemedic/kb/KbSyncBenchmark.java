package io.pipelinemedic.kb;

import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.testsupport.ServiceProcess;
import io.pipelinemedic.testsupport.TopicRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store-and-publish path of kb-sync-service, measured on the packaged service with a real
 * PostgreSQL, broker and git repository: a first sync of N markdown entries (parsed, validated,
 * stored with history and outbox, published), a full re-read that finds nothing changed, and a
 * commit that changes 1 % of the entries. Prints entries per second of each.
 */
public final class KbSyncBenchmark {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern FIELD = Pattern.compile("\"(created|updated|unchanged)\":(\\d+)");

  private KbSyncBenchmark() {}

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    Map<String, String> settings = new GitRemote().start();
    GitRemote.commitAndPush("Generated KB", files(entries, 0));
    int port = ServiceProcess.freePort();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MEDIC_KB_GIT_URI", settings.get("medic.kb.git.uri"));
    env.put("MEDIC_KB_GIT_PATH", settings.get("medic.kb.git.path"));
    env.put("MEDIC_KB_GIT_CLONE_DIR", Path.of("target/bench-kb-git").toAbsolutePath().toString());
    env.put("MEDIC_KB_GIT_INTERVAL", "off");
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

  private static void measure(int port, String what, int entries, boolean full) throws Exception {
    HttpRequest sync =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/kb/sync?source=git&full=" + full))
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
