package io.pipelinemedic.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.dbt.scenario.Scenario;
import io.pipelinemedic.testsupport.HeadlessChromium;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The incident page of the stack's publisher-service in a real headless Chromium, checked against
 * the incident's own events and the API's figures: a fix's diff line by line and its verification,
 * a report's queries, rows and email, the lineage picture's root cause and failures, the charts'
 * counts per day. Screenshots go to {@code target/screenshots}.
 */
final class IncidentPages {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

  private final StackConfig config;
  private final HeadlessChromium chromium;
  private final String publisher;

  IncidentPages(StackConfig config) throws Exception {
    this.config = config;
    this.chromium = HeadlessChromium.ensure();
    this.publisher = config.service("publisher-service").url();
  }

  /** The page at {@code path}, signed in through the link {@code ./medic up} prints. */
  Document open(String path) throws Exception {
    return chromium.dom(link(path));
  }

  /** A screenshot of the page at {@code path} as {@code name}.png. */
  Path screenshot(String path, String name, int height) throws Exception {
    return chromium.screenshot(link(path), SCREENSHOTS.resolve(name + ".png"), 1300, height);
  }

  /** The incident's page shows its fix: the diff's lines and the verification's tallies. */
  Element recipeNight(Night night, Scenario.Expected expected) throws Exception {
    Document page = open("/?incident=" + night.incidentId());
    JsonNode fix = event(night, "fix.proposed");
    Element card = page.selectFirst("article[data-group=" + fix.path("groupId").asText() + "]");
    assertThat(card).as(night.scenario() + ": a card for the fix's root cause").isNotNull();
    List<String> added = new ArrayList<>();
    for (String line : artifact(night, fix.at("/change/diffUri").asText()).split("\n")) {
      if (line.startsWith("+") && !line.startsWith("+++")) {
        added.add(line.substring(1).strip().replaceAll("\\s+", " "));
      }
    }
    assertThat(added).as(night.scenario() + ": the diff adds lines").isNotEmpty();
    assertThat(card.select(".diff tr.add td.code").eachText())
        .as(night.scenario() + ": the page shows the diff's added lines")
        .containsExactlyElementsOf(added);
    JsonNode before = fix.at("/verification/before");
    JsonNode after = fix.at("/verification/after");
    assertThat(card.select(".tally tbody tr").eachText())
        .containsExactly("before " + tally(before), "after " + tally(after));
    lineage(card, night, expected);
    return card;
  }

  /** The incident's page shows its report: each query, its rows, the email draft. */
  Element sourceNight(Night night, Scenario.Expected expected) throws Exception {
    Document page = open("/?incident=" + night.incidentId());
    JsonNode report = event(night, "source.reported");
    Element card = page.selectFirst("article[data-group=" + report.path("groupId").asText() + "]");
    assertThat(card).as(night.scenario() + ": a card for the report's root cause").isNotNull();
    List<String> queries = new ArrayList<>();
    report.path("diagnostics").forEach(d -> queries.add(d.path("query").asText("")));
    assertThat(card.select("pre.sql").eachText())
        .containsExactlyElementsOf(queries.stream().filter(q -> !q.isEmpty()).toList());
    int rows = 0;
    for (JsonNode query : report.path("diagnostics")) {
      if (query.hasNonNull("result")) {
        rows += JSON.readTree(query.path("result").asText()).path("rows").size();
      }
    }
    assertThat(card.select("table.result tbody tr"))
        .as(night.scenario() + ": each query's rows, as tables")
        .hasSize(rows)
        .isNotEmpty();
    assertThat(card.selectFirst(".email pre.body").wholeText())
        .isEqualTo(report.at("/email/body").asText());
    lineage(card, night, expected);
    return card;
  }

  /** The list's charts count what {@code GET /incidents/summary} counts, day by day. */
  void charts() throws Exception {
    Document page = open("/");
    JsonNode summary = JSON.readTree(get("/incidents/summary"));
    List<String> expected = new ArrayList<>();
    for (JsonNode day : summary.path("days")) {
      expected.add(day.path("day").asText() + " " + day.path("incidents").asInt());
    }
    assertThat(page.select("#chart-incidents table.figures tbody tr"))
        .extracting(row -> row.child(0).text() + " " + row.child(1).text())
        .as("one point per day that has incidents, with the API's count")
        .containsAll(expected);
    assertThat(page.select("#charts canvas")).hasSize(4);
  }

  private void lineage(Element card, Night night, Scenario.Expected expected) {
    assertThat(card.selectFirst("svg.lineage g.node.root").attr("data-id"))
        .as(night.scenario() + ": the root cause is highlighted")
        .isEqualTo(expected.rootCause());
    assertThat(card.select("svg.lineage g.node.failing").eachAttr("data-id"))
        .extracting(Scenario::groundTruthId)
        .as(night.scenario() + ": the failing tests are marked")
        .containsAll(expected.failures());
  }

  private static String tally(JsonNode tally) {
    return String.join(
        " ",
        List.of("passed", "warned", "failed", "errored", "skipped").stream()
            .map(name -> tally.path(name).asText("0"))
            .toList());
  }

  private static JsonNode event(Night night, String topic) throws Exception {
    for (JsonNode entry : night.view().path("timeline")) {
      if (topic.equals(entry.path("topic").asText())) {
        return JSON.readTree(entry.path("event").asText());
      }
    }
    throw new AssertionError(night.scenario() + " has no " + topic + " event");
  }

  private String artifact(Night night, String uri) throws Exception {
    return get(
        "/incidents/"
            + night.incidentId()
            + "/artifact?uri="
            + URLEncoder.encode(uri, StandardCharsets.UTF_8));
  }

  private String get(String path) throws Exception {
    var response =
        HttpClient.newHttpClient()
            .send(
                Secrets.loadOrCreate(config.home()).signedIn(URI.create(publisher + path)).build(),
                BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  private String link(String path) throws Exception {
    return Secrets.loadOrCreate(config.home()).signInLink(publisher, path);
  }
}
