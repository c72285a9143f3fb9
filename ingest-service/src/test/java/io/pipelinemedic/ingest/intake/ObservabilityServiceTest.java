package io.pipelinemedic.ingest.intake;

import static io.pipelinemedic.ingest.Deliveries.dbtCloud;
import static io.pipelinemedic.ingest.Deliveries.newRunId;
import static io.pipelinemedic.ingest.Deliveries.post;
import static io.pipelinemedic.ingest.Deliveries.postDbtCloud;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.pipelinemedic.testsupport.KafkaBrokerResource;
import io.pipelinemedic.testsupport.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Readiness covers Kafka and the database; metrics count each delivery outcome; the OpenAPI
 * document describes the endpoints.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class ObservabilityServiceTest {

  @Test
  void readinessCoversKafkaAndTheDatabase() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body(
            "checks.name",
            org.hamcrest.Matchers.hasItems(
                "Database connections health check",
                "SmallRye Reactive Messaging - readiness check"));
  }

  @Test
  void metricsCountEachOutcome() {
    double accepted = count("accepted");
    double duplicate = count("duplicate");
    double rejected = count("rejected");
    String body = dbtCloud("dbt-cloud-completed", newRunId());

    postDbtCloud(body).then().statusCode(202);
    postDbtCloud(body).then().statusCode(202);
    post("/webhooks/dbt-cloud", "0".repeat(64), body).then().statusCode(401);

    assertThat(count("accepted")).isEqualTo(accepted + 1);
    assertThat(count("duplicate")).isEqualTo(duplicate + 1);
    assertThat(count("rejected")).isEqualTo(rejected + 1);
  }

  @Test
  void theOpenApiDocumentDescribesTheEndpoints() {
    given()
        .accept("application/json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(containsString("/webhooks/dbt-cloud"))
        .body(containsString("/webhooks/airflow"))
        .body(containsString("/runs"));
  }

  private static double count(String outcome) {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher line =
        Pattern.compile(
                "medic_ingest_deliveries_total\\{outcome=\""
                    + outcome
                    + "\",source=\"dbt_cloud\"\\} ([0-9.E]+)")
            .matcher(metrics);
    return line.find() ? Double.parseDouble(line.group(1)) : 0;
  }
}
