package io.pipelinemedic.publisher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.EventType;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.testsupport.HeadlessChromium;
import io.pipelinemedic.testsupport.KafkaBrokerResource;
import io.pipelinemedic.testsupport.PostgresResource;
import io.pipelinemedic.testsupport.SignedIn;
import io.pipelinemedic.testsupport.TopicRecords;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The incident page in a real headless Chromium: a night with a recipe fix and a source report
 * reads as a person reads it (the diff, the verification, the lineage picture, the queries' rows,
 * the email); the week's charts count per day; and markup in any text an event carries stays text.
 */
@QuarkusTest
@ExtendWith(SignedIn.class)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class IncidentPageIT {

  private static final String MARKUP =
      "<img src=x onerror=\"document.documentElement.dataset.pwned=1\">"
          + "<script>document.documentElement.dataset.pwned=1</script>";

  private static HeadlessChromium chromium;

  @TestHTTPResource("/")
  URL service;

  @BeforeAll
  static void browser() throws Exception {
    chromium = HeadlessChromium.ensure();
  }

  @Test
  void aNightReadsWithItsDiffVerificationLineageQueriesAndEmail() throws Exception {
    PageNight night = new PageNight();
    record(night);

    Document page = open("/?incident=" + night.incident);
    chromium.screenshot(
        signIn("/?incident=" + night.incident),
        Path.of("target/screenshots/incident-page.png"),
        1300,
        2600);

    assertThat(page.select("#error")).isEmpty();
    assertThat(page.selectFirst("#title").text()).startsWith("shop nightly failed");
    Element fix = page.selectFirst("article[data-group=g1]");
    assertThat(fix.select(".diff tr.add td.code").eachText()).contains("- on_hold");
    assertThat(fix.select(".diff tr.del td.code").eachText()).containsExactly("- returned");
    assertThat(fix.select(".tally tbody tr").eachText())
        .containsExactly("before 20 0 1 0 2", "after 23 0 0 0 0");
    assertThat(fix.select(".results tbody tr").eachText())
        .contains("accepted_values_stg_orders_status fail pass");
    assertThat(fix.select("svg.lineage g.node").eachAttr("data-id"))
        .as("the nodes from the root cause down, nothing upstream or beside it")
        .containsExactlyInAnyOrderElementsOf(PageNight.RECIPE_SLICE);
    assertThat(fix.selectFirst("g.node.root").attr("data-id")).isEqualTo("model.shop.stg_orders");
    assertThat(fix.select("g.node.failing").eachAttr("data-id"))
        .containsExactlyInAnyOrder(PageNight.STATUS_TEST, PageNight.CASCADE_TEST);
    assertThat(fix.select("g.node.cascade").eachAttr("data-id"))
        .containsExactly(PageNight.CASCADE_TEST);
    assertThat(fix.select("g.node.skipped").eachAttr("data-id"))
        .containsExactly("model.shop.int_orders_enriched");
    assertThat(fix.select("path.edge")).hasSize(4);

    Element report = page.selectFirst("article[data-group=g2]");
    assertThat(report.selectFirst("pre.sql").text()).startsWith("select order_line_id, count(*)");
    assertThat(report.select("table.result tbody tr").eachText()).containsExactly("OL-1001 2");
    assertThat(report.selectFirst(".email pre.body").text()).isEqualTo(night.emailBody);
    assertThat(report.select("button.copy")).hasSize(1);
    assertThat(page.select("#timeline .topic").eachText())
        .contains("run.failed", "source.reported");
  }

  /** The texts of an event a person could have written, and where the page shows each. */
  enum Hostile {
    JOB_NAME(night -> night.job = MARKUP, "#title"),
    FAILURE_MESSAGE(night -> night.message = MARKUP, "article[data-group=g1] pre.message"),
    KB_TITLE(night -> night.kbTitle = MARKUP, "article[data-group=g1] .kb q"),
    CLASSIFIER_SENTENCE(night -> night.reason = MARKUP, "article[data-group=g1] p.reason"),
    FAILING_ROW(night -> night.failingRow = MARKUP, "table.result tbody td"),
    EMAIL(night -> night.emailBody = MARKUP, ".email pre.body"),
    DIFF_LINE(night -> night.addedLine = MARKUP, ".diff tr.add td.code");

    final Consumer<PageNight> inject;
    final String shownIn;

    Hostile(Consumer<PageNight> inject, String shownIn) {
      this.inject = inject;
      this.shownIn = shownIn;
    }
  }

  @ParameterizedTest
  @EnumSource(Hostile.class)
  void markupInAnEventsTextIsShownAsText(Hostile field) throws Exception {
    PageNight night = new PageNight();
    field.inject.accept(night);
    record(night);

    Document page = open("/?incident=" + night.incident);

    assertThat(page.select("#error")).isEmpty();
    assertThat(page.select("main img, main script")).as("no element made of the text").isEmpty();
    assertThat(page.selectFirst("html").hasAttr("data-pwned")).as("no script of it ran").isFalse();
    assertThat(page.select(field.shownIn).eachText()).anyMatch(text -> text.contains(MARKUP));
  }

  @Test
  void theChartsHaveOnePointPerDayWithTheDaysCountsAndTheAddressKeepsTheFilter() throws Exception {
    String job = "charts " + UUID.randomUUID();
    List<String> days =
        List.of("2026-10-01T04:00:00Z", "2026-10-01T05:00:00Z", "2026-10-03T04:00:00Z");
    for (String day : days) {
      PageNight night = new PageNight();
      night.job = job;
      night.at = Instant.parse(day);
      record(night);
    }

    Document page = open("/?job=" + URLEncoder.encode(job, StandardCharsets.UTF_8));

    assertThat(page.select("#incidents tbody tr[data-id]")).hasSize(3);
    assertThat(page.selectFirst("select[name=job] option[selected]").text()).isEqualTo(job);
    assertThat(page.select("#chart-incidents table.figures tbody tr").eachText())
        .as("day, incidents, then by class (each night is one MIXED incident)")
        .containsExactly("2026-10-01 2 2", "2026-10-02 0 0", "2026-10-03 1 1");
    assertThat(page.select("#chart-incidents canvas")).hasSize(1);
    assertThat(page.select("#charts figure.chart")).hasSize(4);
  }

  @Test
  void anArtifactIsServedOnlyWhenItIsTheIncidentsOwnRegularFileThatAnEventNames() throws Exception {
    PageNight night = new PageNight();
    record(night);
    PageNight other = new PageNight();
    record(other);
    Path folder = Path.of("target/artifacts", night.incident).toAbsolutePath();
    String diff = folder.resolve("g1/fix.diff").toUri().toString();

    artifact(night.incident, diff)
        .then()
        .statusCode(200)
        .body(containsString("+          - on_hold"));
    artifact(other.incident, diff).then().statusCode(400);
    artifact(night.incident, folder.resolve("g1/other.diff").toUri().toString())
        .then()
        .statusCode(400)
        .body(containsString("no event of " + night.incident + " names that artifact"));
    given()
        .urlEncodingEnabled(false)
        .get("/incidents/%2F/artifact?uri=file:///etc/passwd")
        .then()
        .statusCode(org.hamcrest.Matchers.oneOf(400, 404));

    // the file an event names becomes a link out of the store: refused, and the page says so
    Path file = folder.resolve("g1/fix.diff");
    Files.delete(file);
    Files.createSymbolicLink(file, Path.of("/etc/passwd"));
    artifact(night.incident, diff).then().statusCode(400);
    Document page = open("/?incident=" + night.incident);
    assertThat(page.selectFirst("article[data-group=g1] .diff-holder").text())
        .startsWith("The diff could not be read");
    Files.delete(file);
    Files.write(file, new byte[(int) (4L << 20) + 1]);
    artifact(night.incident, diff).then().statusCode(413);
  }

  private static io.restassured.response.Response artifact(String incident, String uri) {
    return given().queryParam("uri", uri).get("/incidents/" + incident + "/artifact");
  }

  private void record(PageNight night) throws Exception {
    List<PipelineEvent> events = night.events(Path.of("target/artifacts"));
    for (PipelineEvent event : events) {
      TopicRecords.send(EventType.of(event).topic(), night.incident, EventJson.write(event));
    }
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      var response = given().get("/incidents/" + night.incident);
      if (response.statusCode() == 200
          && response.jsonPath().getList("timeline").size() >= events.size()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(night.incident + " was not recorded: " + events.size() + " events");
  }

  private Document open(String path) throws Exception {
    return chromium.dom(signIn(path));
  }

  /** The sign-in link ./medic up prints, leading to {@code path}. */
  private String signIn(String path) {
    return service
        + "login?token="
        + SignedIn.TOKEN
        + "&next="
        + URLEncoder.encode(path, StandardCharsets.UTF_8);
  }
}
