package io.pipelinemedic.publisher;

import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.DecisionRule;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.Layer;
import io.pipelinemedic.schemas.model.LineageNode;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.schemas.model.RunRef;
import io.pipelinemedic.schemas.model.RunSource;
import io.pipelinemedic.testsupport.HeadlessChromium;
import io.pipelinemedic.testsupport.ServiceProcess;
import io.pipelinemedic.testsupport.SignedIn;
import io.pipelinemedic.testsupport.TopicRecords;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The incident page in headless Chromium on the packaged publisher-service with a real PostgreSQL
 * and broker: the page's weight over the wire (gzip), and the time from navigation to drawn and of
 * the drawing alone (the page's own {@code data-rendered} and {@code data-drawing}) of the list
 * with 1,000 incidents and of an incident with a 201-node lineage slice, each next to its floor:
 * the same page with nothing to draw (an empty list, an incident with a 5-node slice), the ratio
 * between them. Median of RUNS.
 */
public final class PageBenchmark {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private PageBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int port = ServiceProcess.freePort();
    Process service =
        ServiceProcess.start(
            Path.of("target/quarkus-app/quarkus-run.jar"),
            port,
            Map.of(
                "MEDIC_API_TOKEN",
                SignedIn.TOKEN,
                "MEDIC_ARTIFACTS_DIR",
                Path.of("target/bench-artifacts").toAbsolutePath().toString()),
            Path.of("target/page-bench.log"),
            "/q/health/ready");
    try {
      String base = "http://localhost:" + port;
      String job = "bench " + UUID.randomUUID();
      Instant start = Instant.now().minusSeconds(7 * 86_400);
      for (int i = 0; i < 1000; i++) {
        send(incident(job, start.plusSeconds(i * 600L), 2));
      }
      String big = send(incident("lineage " + UUID.randomUUID(), Instant.now(), 50));
      String small = send(incident("lineage " + UUID.randomUUID(), Instant.now(), 1));
      String list = "/?job=" + URLEncoder.encode(job, StandardCharsets.UTF_8);
      awaitRecorded(
          base,
          "/incidents?limit=1000&job=" + URLEncoder.encode(job, StandardCharsets.UTF_8),
          1000);
      awaitRecorded(base, "/incidents/" + small, 1);

      System.out.println("incident page benchmark: headless Chromium, median of " + runs);
      long page = gzipped(base, "/") + gzipped(base, "/medic.css") + gzipped(base, "/app/page.js");
      System.out.printf("  page weight (HTML, CSS, script; gzip): %.1f KB%n", page / 1024.0);
      System.out.printf(
          "  list answer for 1,000 incidents (gzip): %.1f KB%n",
          gzipped(
                  base,
                  "/incidents?limit=1000&job=" + URLEncoder.encode(job, StandardCharsets.UTF_8))
              / 1024.0);
      HeadlessChromium chromium = HeadlessChromium.ensure();
      compare(
          chromium,
          base,
          runs,
          new Page("list of 1,000 incidents", list, 1000),
          new Page("empty list", "/?job=none", 0));
      compare(
          chromium,
          base,
          runs,
          new Page("incident, 201-node lineage", "/?incident=" + big, 201),
          new Page("incident, 5-node lineage", "/?incident=" + small, 5));
    } finally {
      service.destroy();
      service.waitFor();
    }
    System.exit(0); // the broker's threads would keep the JVM alive
  }

  /**
   * A page to draw, and what shows it was drawn: its {@code data-count}, the rows or nodes drawn.
   */
  private record Page(String name, String path, int drawn) {}

  private static void compare(
      HeadlessChromium chromium, String base, int runs, Page page, Page floor) throws Exception {
    double[] measured = medians(chromium, base, page, runs);
    double[] least = medians(chromium, base, floor, runs);
    System.out.printf(
        "  %-36s navigation → drawn %5.0f ms, drawing %5.1f ms%n",
        page.name(), measured[0], measured[1]);
    System.out.printf(
        "  %-36s navigation → drawn %5.0f ms, drawing %5.1f ms   ratio %.2f, drawing %.1f%n",
        "floor: " + floor.name(),
        least[0],
        least[1],
        measured[0] / least[0],
        measured[1] / least[1]);
  }

  /** The medians of navigation → drawn and of the drawing alone. */
  private static double[] medians(HeadlessChromium chromium, String base, Page shown, int runs)
      throws Exception {
    List<Double> times = new ArrayList<>();
    List<Double> drawing = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Map<String, String> drawn =
          chromium.dataset(signIn(base, shown.path()), "rendered", Duration.ofSeconds(60));
      if (!drawn.containsKey("drawing")
          || !String.valueOf(shown.drawn()).equals(drawn.get("count"))) {
        throw new IllegalStateException(shown.path() + " was not drawn as expected: " + drawn);
      }
      times.add(Double.parseDouble(drawn.get("rendered")));
      drawing.add(Double.parseDouble(drawn.get("drawing")));
    }
    times.sort(null);
    drawing.sort(null);
    return new double[] {times.get(times.size() / 2), drawing.get(drawing.size() / 2)};
  }

  /**
   * An incident of {@code job}: run.failed and classified, its lineage slice 4 × width + 1 nodes.
   */
  private static List<PipelineEvent> incident(String job, Instant at, int width) {
    String incident = "inc-" + UUID.randomUUID();
    RunRef run =
        new RunRef(
            "bench",
            null,
            "shop",
            null,
            "production",
            "nightly",
            job,
            "run-" + incident,
            "Error",
            20,
            null,
            null,
            at,
            at,
            null,
            null,
            null);
    List<LineageNode> lineage = new ArrayList<>();
    String root = "source.shop.raw.events";
    lineage.add(
        new LineageNode(root, "source", Layer.SOURCE, "raw.events", null, List.of(), false, null));
    List<String> failing = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      String staging = "model.shop.stg_events_" + i;
      String intermediate = "model.shop.int_events_" + i;
      String mart = "model.shop.fct_events_" + i;
      String test = "test.shop.not_null_fct_events_" + i + "_id.0a1b2c3d4e";
      lineage.add(node(staging, Layer.STAGING, root));
      lineage.add(
          node(
              intermediate,
              Layer.INTERMEDIATE,
              staging,
              "model.shop.stg_events_" + ((i + 1) % width)));
      lineage.add(node(mart, Layer.MART, intermediate));
      lineage.add(new LineageNode(test, "test", Layer.MART, null, null, List.of(mart), true, null));
      failing.add(test);
    }
    RootCauseGroup group =
        new RootCauseGroup(
            "g1",
            root,
            FailureClass.CODE,
            Action.AGENT,
            DecisionRule.SIGNATURE,
            0.7,
            "Every model built from raw.events fails its not_null test.",
            "test.not_null",
            failing,
            List.of(),
            null,
            null,
            null,
            List.of(),
            null);
    return List.of(
        new RunFailed(
            envelope(incident, "ingest-service", at),
            RunSource.DBT_CORE,
            "d-" + incident,
            "run.failed",
            true,
            run,
            null,
            null,
            List.of()),
        new Classified(
            envelope(incident, "classifier-service", at.plusSeconds(3)),
            run,
            List.of(),
            lineage,
            List.of(group),
            null));
  }

  private static LineageNode node(String id, Layer layer, String... parents) {
    return new LineageNode(id, "model", layer, id, null, List.of(parents), false, null);
  }

  private static Envelope envelope(String incident, String producer, Instant at) {
    return new Envelope(
        UUID.randomUUID().toString(), incident, at, Envelope.SCHEMA_VERSION, producer);
  }

  private static String send(List<PipelineEvent> events) throws Exception {
    String incident = events.get(0).envelope().incidentId();
    TopicRecords.send(Topics.RUN_FAILED, incident, EventJson.write(events.get(0)));
    TopicRecords.send(Topics.CLASSIFIED, incident, EventJson.write(events.get(1)));
    return incident;
  }

  private static void awaitRecorded(String base, String path, int rows) throws Exception {
    for (int i = 0; i < 600; i++) {
      HttpResponse<String> answer =
          HTTP.send(request(base + path).build(), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() == 200 && answer.body().split("\"incidentId\"").length - 1 >= rows) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(path + " never had " + rows + " incidents");
  }

  private static long gzipped(String base, String path) throws Exception {
    HttpResponse<byte[]> answer =
        HTTP.send(
            request(base + path).header("Accept-Encoding", "gzip").build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + answer.statusCode());
    }
    return answer.body().length;
  }

  private static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + SignedIn.TOKEN);
  }

  private static String signIn(String base, String path) {
    return base
        + "/login?token="
        + SignedIn.TOKEN
        + "&next="
        + URLEncoder.encode(path, StandardCharsets.UTF_8);
  }
}
