package io.pipelinemedic.ingest.airflow;

import static io.pipelinemedic.ingest.Deliveries.airflow;
import static io.pipelinemedic.ingest.Deliveries.eventsKeyed;
import static io.pipelinemedic.ingest.Deliveries.newRunId;
import static io.pipelinemedic.ingest.Deliveries.postAirflow;
import static io.pipelinemedic.ingest.Deliveries.recordsOfRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.pipelinemedic.ingest.Deliveries;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.RunPassed;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.RunSource;
import io.pipelinemedic.testsupport.KafkaBrokerResource;
import io.pipelinemedic.testsupport.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Airflow alerts on the real broker and PostgreSQL: a failed scheduled task is one run.failed
 * pointing at its artifacts; a manual DAG run is ignored.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class AirflowWebhookServiceTest {

  @Test
  void aFailedScheduledTaskPublishesOneRecordPointingAtItsArtifacts() {
    String runId = "scheduled__2026-11-21T04:00:00+00:00-" + newRunId();
    String body = airflow(runId, "scheduled");

    String incident =
        postAirflow(body)
            .then()
            .statusCode(202)
            .body("status", equalTo("accepted"))
            .extract()
            .path("incidentId");
    postAirflow(body)
        .then()
        .statusCode(202)
        .body("status", equalTo("duplicate"))
        .body("incidentId", equalTo(incident));

    List<ConsumerRecord<String, byte[]>> records = recordsOfRun(runId);
    assertThat(records).hasSize(1);
    RunFailed event = Deliveries.event(records.get(0));
    assertThat(records.get(0).key()).isEqualTo(incident);
    assertThat(event.source()).isEqualTo(RunSource.AIRFLOW);
    assertThat(event.scheduled()).isTrue();
    assertThat(event.artifactLocation())
        .isEqualTo("s3://medic-artifacts/shop_nightly/" + runId + "/dbt_build/3/target/");
    assertThat(event.airflow().dagId()).isEqualTo("shop_nightly");
    assertThat(event.airflow().taskId()).isEqualTo("dbt_build");
    assertThat(event.airflow().tryNumber()).isEqualTo(3);
    assertThat(event.airflow().maxTries()).isEqualTo(2);
    assertThat(event.airflow().logicalDate()).isEqualTo(Instant.parse("2026-11-21T04:00:00Z"));
    assertThat(event.airflow().exception()).contains("stg_order_lines");
    assertThat(event.run().accountId()).isEqualTo("airflow");
  }

  @Test
  void noCredentialInALinkReachesTheEvent() {
    String runId = "scheduled__2026-11-22T04:00:00+00:00-" + newRunId();
    String body = airflow(runId, "scheduled");

    // a compose-style host name with an underscore is not a server name to java.net.URI
    String withLogin =
        body.replace("http://airflow.internal", "http://admin:hunter2@airflow_web.internal");
    postAirflow(withLogin).then().statusCode(202);
    RunFailed event = Deliveries.event(recordsOfRun(runId).get(0));
    assertThat(event.airflow().logUrl())
        .doesNotContain("hunter2")
        .startsWith("http://airflow_web.internal:8080/dags/shop_nightly/grid?dag_run_id=" + runId);

    String otherRun = "scheduled__2026-11-23T04:00:00+00:00-" + newRunId();
    postAirflow(
            airflow(otherRun, "scheduled")
                .replace("s3://medic-artifacts", "s3://AKIAEXAMPLE:s3cret@medic_artifacts"))
        .then()
        .statusCode(400)
        .body("reason", containsString("artifacts_uri carries user info"))
        .body(org.hamcrest.Matchers.not(containsString("s3cret")));
    assertThat(recordsOfRun(otherRun)).isEmpty();
  }

  @Test
  void aManualDagRunIsIgnored() {
    String runId = "manual__" + newRunId();

    postAirflow(airflow(runId, "manual"))
        .then()
        .statusCode(200)
        .body("status", equalTo("ignored"))
        .body("reason", containsString("manual run"));

    assertThat(recordsOfRun(runId)).isEmpty();
  }

  @Test
  void aSucceededDagRunOfAFailingDagIsOneRunPassed() {
    String dag = "shop_nightly_" + newRunId();
    String success =
        "{\"dag_id\": \""
            + dag
            + "\", \"run_id\": \"manual__2026-11-21T06:00:00+00:00\", \"run_type\": \"manual\","
            + " \"state\": \"success\"}";

    postAirflow(success).then().statusCode(200).body("status", equalTo("ignored"));
    postAirflow(airflow("scheduled__" + newRunId(), "scheduled").replace("shop_nightly", dag))
        .then()
        .statusCode(202);
    postAirflow(success).then().statusCode(202).body("status", equalTo("passed"));
    postAirflow(success).then().statusCode(200).body("status", equalTo("ignored"));
    postAirflow(success.replace("success", "running"))
        .then()
        .statusCode(400)
        .body("reason", containsString("state must be failed or success"));

    List<RunPassed> passed =
        eventsKeyed(Topics.RUN_PASSED, "AIRFLOW:airflow:null:" + dag, RunPassed.class);
    assertThat(passed).hasSize(1);
    assertThat(passed.get(0).run().runId()).isEqualTo("manual__2026-11-21T06:00:00+00:00");
    assertThat(passed.get(0).eventType()).isEqualTo("airflow.dag.succeeded");
  }
}
