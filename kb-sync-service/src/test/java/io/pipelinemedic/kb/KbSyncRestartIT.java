package io.pipelinemedic.kb;

import static io.pipelinemedic.kb.NotionApi.multiSelect;
import static io.pipelinemedic.kb.NotionApi.newPage;
import static io.pipelinemedic.kb.NotionApi.richText;
import static io.pipelinemedic.kb.NotionApi.select;
import static io.pipelinemedic.kb.NotionApi.textBlock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.testsupport.PostgresServer;
import io.pipelinemedic.testsupport.ServiceProcess;
import io.pipelinemedic.testsupport.SignedIn;
import io.pipelinemedic.testsupport.TopicRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The packaged service, killed half-way through a Notion sync and started again, ends with every
 * entry stored and published exactly once, also when the kill came after the broker had the changes
 * but before they were marked published. Runs against an older Notion API version, so that the
 * database itself is queried.
 */
class KbSyncRestartIT {

  private static final int PAGES = 30;
  private static final Path LOG = Path.of("target/kb-sync-restart-it.log");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aSyncKilledHalfWayLosesNothingAndDuplicatesNothing() throws Exception {
    Map<String, String> env = new HashMap<>();
    new NotionApi()
        .start()
        .forEach(
            (key, value) -> env.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value));
    env.put("MEDIC_KB_NOTION_VERSION", "2022-06-28");
    env.put("MEDIC_KB_NOTION_PAGE_SIZE", "10");
    env.put("MEDIC_KB_NOTION_REQUESTS_PER_SECOND", "5");
    env.put("MEDIC_KB_OUTBOX_INTERVAL", "300ms");
    env.put("MEDIC_KB_NOTION_INTERVAL", "off");
    env.put("MEDIC_KB_GIT_INTERVAL", "off");
    env.put("MEDIC_API_TOKEN", SignedIn.TOKEN);
    Instant edited = Instant.parse("2026-11-20T08:00:00Z");
    for (int i = 0; i < PAGES; i++) {
      ObjectNode page =
          newPage(
              "Entry " + i,
              edited.plusSeconds(60L * i),
              Map.of("Class", select("CODE"), "Tests", multiSelect("test_" + i)));
      List<ObjectNode> blocks = new ArrayList<>();
      for (int b = 0; b < 5; b++) {
        blocks.add(textBlock("paragraph", richText("Step " + b + " of entry " + i)));
      }
      NotionApi.putPage(page, blocks);
    }
    int port = ServiceProcess.freePort();

    Process first = start(port, env);
    try {
      HTTP.sendAsync(sync(port), HttpResponse.BodyHandlers.discarding());
      awaitPublished(10);
    } finally {
      first.destroyForcibly().waitFor(); // the crash, half-way through the sync
    }
    int stored;
    int pendingBeforeRestart;
    try (Connection db =
            DriverManager.getConnection(
                PostgresServer.jdbcUrl(), PostgresServer.USER, PostgresServer.USER);
        Statement sql = db.createStatement()) {
      try (ResultSet rows = sql.executeQuery("select count(*) from kb.kb_entry")) {
        rows.next();
        stored = rows.getInt(1);
      }
      // the crash window: changes on the topic, not yet marked published
      pendingBeforeRestart = sql.executeUpdate("update kb.kb_outbox set published_at = null");
    }
    // how many batches made it before the kill depends on the machine's load; never a part of one
    assertThat(stored % 10).as("whole batches were stored before the kill").isZero();
    assertThat(stored).as("the kill came half-way through the sync").isBetween(10, PAGES - 10);
    assertThat(pendingBeforeRestart).isEqualTo(stored);

    Process second = start(port, env);
    HttpResponse<String> report;
    try {
      report = HTTP.send(sync(port), HttpResponse.BodyHandlers.ofString());
    } finally {
      second.destroy();
      second.waitFor();
    }

    assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
    assertThat(report.body())
        .contains("\"created\":" + (PAGES - stored))
        .contains("\"unchanged\":" + stored);
    Map<String, List<ConsumerRecord<String, byte[]>>> published =
        TopicRecords.all(Topics.KB_ENTRIES).stream()
            .collect(Collectors.groupingBy(ConsumerRecord::key));
    assertThat(published).hasSize(PAGES);
    assertThat(published.values()).allSatisfy(records -> assertThat(records).hasSize(1));
    try (Connection db =
            DriverManager.getConnection(
                PostgresServer.jdbcUrl(), PostgresServer.USER, PostgresServer.USER);
        Statement sql = db.createStatement();
        ResultSet counts =
            sql.executeQuery(
                "select (select count(*) from kb.kb_entry where version = 1),"
                    + " (select count(*) from kb.kb_outbox where published_at is null)")) {
      counts.next();
      assertThat(counts.getInt(1)).isEqualTo(PAGES);
      assertThat(counts.getInt(2)).isZero();
    }
    assertThat(NotionApi.REQUESTS)
        .filteredOn(request -> request.path().endsWith("/query"))
        .extracting(NotionApi.Request::path)
        .containsOnly("/v1/databases/" + NotionApi.DATABASE + "/query");
  }

  private static Process start(int port, Map<String, String> env) throws Exception {
    return ServiceProcess.start(
        Path.of(System.getProperty("kb-sync.jar")), port, env, LOG, "/q/health/ready");
  }

  private static HttpRequest sync(int port) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/kb/sync?source=notion&full=true"))
        .POST(HttpRequest.BodyPublishers.noBody())
        .header("Authorization", "Bearer " + SignedIn.TOKEN)
        .timeout(Duration.ofMinutes(2))
        .build();
  }

  /** Waits until the first batch is on the topic (published by the schedule, mid-sync). */
  private static void awaitPublished(int count) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (TopicRecords.all(Topics.KB_ENTRIES).size() < count) {
      assertThat(Instant.now()).as("the first batch is published").isBefore(deadline);
      Thread.sleep(50);
    }
  }
}
