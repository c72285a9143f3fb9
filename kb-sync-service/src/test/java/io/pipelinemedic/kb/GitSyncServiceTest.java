package io.pipelinemedic.kb;

import static io.pipelinemedic.kb.NotionSyncServiceTest.sync;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.KbEntry;
import io.pipelinemedic.schemas.model.Recipe;
import io.pipelinemedic.testsupport.KafkaBrokerResource;
import io.pipelinemedic.testsupport.PostgresResource;
import io.pipelinemedic.testsupport.SignedIn;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The git source against a real repository holding the example project's KB: entries added, changed
 * and deleted propagate to the store and the topic; an invalid edit is reported and the last valid
 * version stays published. The tests build on each other, in order.
 */
@QuarkusTest
@ExtendWith(SignedIn.class)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = NotionApi.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GitRemote.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitSyncServiceTest {

  static final Path EXAMPLE_KB = Path.of("..", "examples", "shop", "kb");

  @Test
  @Order(1)
  void theExampleKbIsMirroredEntryForEntry() throws IOException {
    Map<String, String> files = new HashMap<>();
    try (Stream<Path> paths = Files.list(EXAMPLE_KB)) {
      for (Path path : paths.toList()) {
        files.put("kb/" + path.getFileName(), Files.readString(path));
      }
    }
    files.put("models/staging/stg_orders.sql", "select * from {{ source('shop', 'orders') }}\n");
    GitRemote.commitAndPush("Add the KB", files);

    JsonPath report = sync("git", false);

    assertThat(report.getList("[0].invalid")).isEmpty();
    assertThat(report.getInt("[0].created")).isEqualTo(7);
    List<String> ids =
        given()
            .get("/kb/entries?source=GIT")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("id");
    assertThat(ids)
        .containsExactly(
            "fx-database-lock",
            "new-order-status",
            "new-sku-prefix",
            "orders-without-customer",
            "renamed-column",
            "stale-orders",
            "vendor-duplicate-order-lines");
    ids.forEach(id -> assertThat(KbTopic.versions(id)).as(id).containsExactly(1));

    KbEntry sku = KbTopic.latest("new-sku-prefix");
    assertThat(sku.failureClass()).isEqualTo(FailureClass.CODE);
    assertThat(sku.sourceRef()).startsWith("kb/new-sku-prefix.md@");
    assertThat(sku.recipe())
        .isInstanceOfSatisfying(
            Recipe.AppendToListVar.class,
            recipe -> {
              assertThat(recipe.variable()).isEqualTo("sku_product_lines");
              assertThat(recipe.valuesQuery()).contains("where l.product_line is null");
            });
    assertThat(sku.steps()).startsWith("The vendor started selling").endsWith("product-line name.");
    assertThat(KbTopic.latest("renamed-column").recipe()).as("deliberately without").isNull();
    assertThat(KbTopic.latest("vendor-duplicate-order-lines").owner().email())
        .isEqualTo("vendor-feeds@shop.example");
  }

  @Test
  @Order(2)
  void anUnchangedBranchIsNotReadAgain() {
    JsonPath report = sync("git", false);

    assertThat(report.getBoolean("[0].complete")).isFalse();
    assertThat(report.getInt("[0].unchanged") + report.getInt("[0].created")).isZero();
  }

  @Test
  @Order(3)
  void addedChangedAndDeletedFilesPropagate() throws IOException {
    String lock = Files.readString(EXAMPLE_KB.resolve("fx-database-lock.md"));
    GitRemote.commitAndPush(
        "KB: lock advice, a new entry, stale orders handled by the classifier",
        mapOf(
            "kb/fx-database-lock.md",
            lock.replace("is locked by finance's refresh", "is locked by the FX refresh"),
            "kb/payments/refund-spike.md",
            """
            ---
            title: Refunds spike after a promotion
            class: SOURCE
            match:
              tests: [assert_refunds_below_threshold]
            owner: Payments team
            ---
            Check the promotion calendar before anything else.
            """,
            "kb/stale-orders.md",
            null));

    JsonPath report = sync("git", false);

    assertThat(report.getInt("[0].created")).isEqualTo(1);
    assertThat(report.getInt("[0].updated")).isEqualTo(1);
    assertThat(report.getInt("[0].deleted")).isEqualTo(1);
    assertThat(report.getInt("[0].unchanged")).isEqualTo(5);
    assertThat(KbTopic.versions("fx-database-lock")).containsExactly(1, 2);
    assertThat(KbTopic.latest("fx-database-lock").title())
        .isEqualTo("The FX database is locked by the FX refresh");
    assertThat(KbTopic.versions("payments/refund-spike")).containsExactly(1);
    assertThat(KbTopic.latest("payments/refund-spike").owner().name()).isEqualTo("Payments team");
    assertThat(KbTopic.versions("stale-orders")).containsExactly(1, 0);
    given().get("/kb/entries/stale-orders").then().statusCode(404);
    given().get("/kb/entries/payments/refund-spike").then().statusCode(200);
  }

  @Test
  @Order(4)
  void anInvalidEditIsReportedAndTheLastValidVersionStays() throws IOException {
    String original = Files.readString(EXAMPLE_KB.resolve("new-order-status.md"));
    GitRemote.commitAndPush(
        "Treat new statuses as the shop's problem",
        mapOf(
            "kb/new-order-status.md",
            original.replace("class: CODE", "class: SOURCE").replace("match:", "mathc:")));

    JsonPath report = sync("git", false);

    assertThat(report.getList("[0].invalid.id")).containsExactly("new-order-status");
    assertThat(report.getList("[0].invalid[0].problems", String.class))
        .containsExactly(
            "mathc is not a known field (known: class, match, owner, recipe, title)",
            "match is required: which failures does the entry apply to?",
            "recipe of a SOURCE entry can only be report_to_owner: bad data is never patched");
    assertThat(KbTopic.versions("new-order-status")).containsExactly(1);
    assertThat(
            given()
                .get("/kb/entries/new-order-status")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("failureClass"))
        .isEqualTo("CODE");
    assertThat(given().get("/kb/sync").then().extract().jsonPath().getList("invalid.entryId"))
        .contains("new-order-status");

    GitRemote.commitAndPush("Revert", mapOf("kb/new-order-status.md", original));
    JsonPath reverted = sync("git", false);

    assertThat(reverted.getList("[0].invalid")).isEmpty();
    assertThat(reverted.getInt("[0].updated")).as("same content as version 1").isZero();
    assertThat(given().get("/kb/sync").then().extract().jsonPath().getList("invalid.entryId"))
        .doesNotContain("new-order-status");
  }

  @Test
  @Order(5)
  void matchReturnsTheEntriesOfAFailureWithTheRuleThatMatched() {
    JsonPath sku =
        given()
            .queryParam("uniqueId", "test.shop.not_null_stg_order_lines_product_line")
            .queryParam("testName", "not_null")
            .queryParam("name", "not_null_stg_order_lines_product_line")
            .queryParam("attachedNode", "model.shop.stg_order_lines")
            .queryParam("message", "Got 15 results, configured to fail if != 0")
            .get("/kb/match")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(sku.getList("matches.entryId")).containsExactly("new-sku-prefix");
    assertThat(sku.getString("matches[0].matchedOn")).isEqualTo("test_name");

    JsonPath lock =
        given()
            .queryParam("uniqueId", "model.shop.stg_fx_rates")
            .queryParam("name", "stg_fx_rates")
            .queryParam(
                "message",
                "IO Error: Could not set lock on file \"warehouse/fx.duckdb\": Conflicting lock is"
                    + " held in python3.11 (PID 23128)")
            .get("/kb/match")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(lock.getList("matches.entryId")).containsExactly("fx-database-lock");
    assertThat(lock.getString("matches[0].matchedOn")).isEqualTo("message");
    assertThat(lock.getInt("matches[0].version")).isEqualTo(2);

    given().get("/kb/match").then().statusCode(400);
  }

  @Test
  @Order(6)
  void aFolderEmptiedAtOnceRetiresNothing() throws IOException {
    Map<String, String> removals = new HashMap<>();
    try (Stream<Path> paths = Files.walk(GitRemote.WORK.resolve("kb"))) {
      paths
          .filter(path -> path.toString().endsWith(".md"))
          .forEach(path -> removals.put(GitRemote.WORK.relativize(path).toString(), null));
    }
    removals.put("kb/README.md", "The KB moved to Notion.\n");
    GitRemote.commitAndPush("Move the KB", removals);

    JsonPath report = sync("git", false);

    assertThat(report.getBoolean("[0].complete")).isFalse();
    assertThat(report.getInt("[0].deleted")).isZero();
    assertThat(KbTopic.latest("new-sku-prefix")).isNotNull();
    given().get("/kb/entries/new-sku-prefix").then().statusCode(200);
  }

  private static Map<String, String> mapOf(String... pairs) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
