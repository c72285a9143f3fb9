package io.pipelinemedic.ingest.intake;

import static io.pipelinemedic.ingest.Deliveries.dbtCloud;
import static io.pipelinemedic.ingest.Deliveries.newRunId;
import static io.pipelinemedic.ingest.Deliveries.post;
import static io.pipelinemedic.ingest.Deliveries.postDbtCloud;
import static io.pipelinemedic.ingest.Deliveries.recordsOfRun;
import static io.pipelinemedic.ingest.Deliveries.sign;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.pipelinemedic.ingest.Deliveries;
import io.pipelinemedic.testsupport.KafkaBrokerResource;
import io.pipelinemedic.testsupport.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every refused delivery answers with its status and reason, publishes nothing, and harms nothing.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class BadInputServiceTest {

  private String runId;

  @BeforeEach
  void newRun() {
    runId = newRunId();
  }

  @AfterEach
  void nothingWasPublishedAndTheServiceStillServes() {
    assertThat(recordsOfRun(runId)).isEmpty();
    String next = newRunId();
    postDbtCloud(dbtCloud("dbt-cloud-completed", next)).then().statusCode(202);
    assertThat(recordsOfRun(next)).hasSize(1);
  }

  @Test
  void aWrongSignatureIs401() {
    String body = dbtCloud("dbt-cloud-completed", runId);

    post("/webhooks/dbt-cloud", sign("not-the-secret", body), body)
        .then()
        .statusCode(401)
        .body("status", equalTo("rejected"))
        .body("reason", equalTo("signature does not match the body"));
  }

  @Test
  void aMissingSignatureIs401() {
    given()
        .contentType("application/json")
        .body(dbtCloud("dbt-cloud-completed", runId))
        .post("/webhooks/dbt-cloud")
        .then()
        .statusCode(401)
        .body("reason", containsString("missing signature"));
  }

  @Test
  void aSignatureOfAnotherBodyIs401() {
    String body = dbtCloud("dbt-cloud-completed", runId);
    String tampered = body.replace("\"runStatusCode\": 20", "\"runStatusCode\": 10");

    post("/webhooks/dbt-cloud", sign(Deliveries.DBT_CLOUD_SECRET, body), tampered)
        .then()
        .statusCode(401);
  }

  @Test
  void malformedJsonIs400WithTheParserReason() {
    String body = dbtCloud("dbt-cloud-completed", runId).replace("\"eventType\":", "\"eventType\"");

    postDbtCloud(body)
        .then()
        .statusCode(400)
        .body("reason", containsString("malformed JSON"))
        .body("reason", containsString("line 6"));
  }

  @Test
  void missingFieldsAre400NamingThem() {
    String body =
        dbtCloud("dbt-cloud-completed", runId)
            .replace("\"runId\": \"" + runId + "\",", "")
            .replace("\"eventType\": \"job.run.completed\",", "");

    postDbtCloud(body)
        .then()
        .statusCode(400)
        .body("reason", equalTo("missing required field(s): eventType, data.runId"));
  }

  @Test
  void anIdThatIsNotDigitsIs400BeforeItCanBecomePartOfAUrl() {
    // "//host/x" resolved against the API's runs URL would send the token to another host
    String body =
        dbtCloud("dbt-cloud-completed", runId)
            .replace("\"runId\": \"" + runId + "\",", "\"runId\": \"//attacker.example/x\",");

    postDbtCloud(body)
        .then()
        .statusCode(400)
        .body("reason", equalTo("not an id of digits: data.runId"));
  }

  @Test
  void aBodyOverTheWebhookLimitIs413() {
    String body =
        dbtCloud("dbt-cloud-completed", runId)
            .replace(
                "\"webhookName\": \"Pipeline Medic\"",
                "\"webhookName\": \"" + "x".repeat(70_000) + "\"");

    postDbtCloud(body).then().statusCode(413).body("reason", containsString("exceeds 65536"));
  }

  @Test
  void anAirflowAlertSignedWithTheDbtCloudSecretIs401() {
    String body = Deliveries.airflow(runId, "scheduled");

    post("/webhooks/airflow", sign(Deliveries.DBT_CLOUD_SECRET, body), body).then().statusCode(401);
  }

  @Test
  void anAirflowAlertWithoutItsTaskIs400() {
    String body = Deliveries.airflow(runId, "scheduled").replace("\"task_id\": \"dbt_build\",", "");

    Deliveries.postAirflow(body)
        .then()
        .statusCode(400)
        .body("reason", equalTo("missing required field(s): task_id"));
  }

  @Test
  void anAirflowAlertWithAnArtifactsLocationThatIsNoUriIs400() {
    String body =
        Deliveries.airflow(runId, "scheduled")
            .replace("s3://medic-artifacts/shop_nightly/", "medic artifacts/shop_nightly/");

    Deliveries.postAirflow(body)
        .then()
        .statusCode(400)
        .body("reason", containsString("artifacts_uri is not a URI"));
  }
}
