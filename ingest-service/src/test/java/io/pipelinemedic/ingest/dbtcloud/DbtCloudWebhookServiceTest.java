package io.pipelinemedic.ingest.dbtcloud;

import static io.pipelinemedic.ingest.Deliveries.dbtCloud;
import static io.pipelinemedic.ingest.Deliveries.eventsKeyed;
import static io.pipelinemedic.ingest.Deliveries.header;
import static io.pipelinemedic.ingest.Deliveries.newRunId;
import static io.pipelinemedic.ingest.Deliveries.postDbtCloud;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * dbt Cloud webhooks on the real broker and PostgreSQL: a failed run is one run.failed however many
 * times and however concurrently it is delivered; a successful run of a failing job is one
 * run.passed; started, cancelled and unwatched runs, and a healthy job's successes, are
 * acknowledged and ignored.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class DbtCloudWebhookServiceTest {

  @Test
  void erroredThenCompletedDeliveriesOfAFailedRunPublishOneRecord() {
    String runId = newRunId();

    String incident =
        postDbtCloud(dbtCloud("dbt-cloud-errored", runId))
            .then()
            .statusCode(202)
            .body("status", equalTo("accepted"))
            .extract()
            .path("incidentId");
    postDbtCloud(dbtCloud("dbt-cloud-completed", runId))
        .then()
        .statusCode(202)
        .body("status", equalTo("duplicate"))
        .body("incidentId", equalTo(incident));

    List<ConsumerRecord<String, byte[]>> records = recordsOfRun(runId);
    assertThat(records).hasSize(1);
    ConsumerRecord<String, byte[]> record = records.get(0);
    RunFailed event = Deliveries.event(record);
    assertThat(record.key()).isEqualTo(incident).startsWith("inc-");
    assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
    assertThat(header(record, "ce_id")).isEqualTo(event.envelope().eventId());
    assertThat(header(record, "ce_type")).isEqualTo("io.pipelinemedic.run.failed.v1");
    assertThat(header(record, "ce_source")).isEqualTo("ingest-service");
    assertThat(event.envelope().incidentId()).isEqualTo(incident);
    assertThat(event.envelope().producer()).isEqualTo("ingest-service");
    assertThat(event.source()).isEqualTo(RunSource.DBT_CLOUD);
    assertThat(event.eventType()).isEqualTo("job.run.errored");
    assertThat(event.scheduled()).as("only the Admin API can tell").isNull();
    assertThat(event.run().accountId()).isEqualTo("70403103927761");
    assertThat(event.run().jobId()).isEqualTo("70403103934411");
    assertThat(event.run().environmentName()).isEqualTo("Production");
    assertThat(event.run().statusCode()).isEqualTo(20);
    assertThat(event.run().finishedAt()).isEqualTo(Instant.parse("2026-11-21T04:02:09Z"));
  }

  @Test
  void theSameDeliveryTwentyTimesYieldsOneRecord() {
    String runId = newRunId();
    String body = dbtCloud("dbt-cloud-completed", runId);

    List<String> statuses =
        IntStream.range(0, 20)
            .mapToObj(
                i -> postDbtCloud(body).then().statusCode(202).extract().<String>path("status"))
            .toList();

    assertThat(statuses).first().isEqualTo("accepted");
    assertThat(statuses.subList(1, 20)).containsOnly("duplicate");
    assertThat(recordsOfRun(runId)).hasSize(1);
  }

  @Test
  void theSameDeliveryTwentyTimesConcurrentlyYieldsOneRecord() throws Exception {
    String runId = newRunId();
    String body = dbtCloud("dbt-cloud-completed", runId);
    Callable<String> deliver =
        () -> postDbtCloud(body).then().statusCode(202).extract().path("status");

    ExecutorService pool = Executors.newFixedThreadPool(20);
    List<String> statuses;
    try {
      List<Future<String>> answers =
          pool.invokeAll(IntStream.range(0, 20).mapToObj(i -> deliver).toList());
      statuses = answers.stream().map(Deliveries::join).toList();
    } finally {
      pool.shutdownNow();
    }

    assertThat(statuses).filteredOn("accepted"::equals).hasSize(1);
    assertThat(statuses).filteredOn("duplicate"::equals).hasSize(19);
    assertThat(recordsOfRun(runId)).hasSize(1);
  }

  @Test
  void aStartedRunIsAcknowledgedAndIgnored() {
    String runId = newRunId();

    postDbtCloud(dbtCloud("dbt-cloud-started", runId))
        .then()
        .statusCode(200)
        .body("status", equalTo("ignored"))
        .body("reason", containsString("job.run.started"));

    assertThat(recordsOfRun(runId)).isEmpty();
  }

  @Test
  void aSuccessfulRunOfAFailingJobIsOneRunPassedAndOfAHealthyJobNone() {
    String job = newRunId();
    String jobKey = "DBT_CLOUD:70403103927761:" + Deliveries.PRODUCTION_ENVIRONMENT + ":" + job;
    String passing = newRunId();
    String pass = success(job, passing);

    postDbtCloud(pass)
        .then()
        .statusCode(200)
        .body("status", equalTo("ignored"))
        .body("reason", containsString("no failed run since it last passed"));
    String first =
        postDbtCloud(failure(job, newRunId())).then().statusCode(202).extract().path("incidentId");
    String second =
        postDbtCloud(failure(job, newRunId())).then().statusCode(202).extract().path("incidentId");
    postDbtCloud(pass).then().statusCode(202).body("status", equalTo("passed"));
    postDbtCloud(pass).then().statusCode(200).body("status", equalTo("ignored"));
    postDbtCloud(success(job, newRunId())).then().statusCode(200);

    List<RunPassed> passed = eventsKeyed(Topics.RUN_PASSED, jobKey, RunPassed.class);
    assertThat(passed).hasSize(1);
    assertThat(passed.get(0).run().runId()).isEqualTo(passing);
    assertThat(passed.get(0).run().statusCode()).isEqualTo(10);
    assertThat(passed.get(0).source()).isEqualTo(RunSource.DBT_CLOUD);
    assertThat(passed.get(0).envelope().incidentId()).isNull();
    assertThat(passed.get(0).incidents()).as("the failures it ends").containsExactly(first, second);
    assertThat(recordsOfRun(passing)).as("a pass is no run.failed").isEmpty();
  }

  @Test
  void aCancelledRunIsAcknowledgedAndIgnored() {
    String runId = newRunId();

    postDbtCloud(
            dbtCloud(
                "dbt-cloud-completed", runId, Deliveries.PRODUCTION_ENVIRONMENT, "Cancelled", 30))
        .then()
        .statusCode(200)
        .body("status", equalTo("ignored"))
        .body("reason", containsString("status 30"));

    assertThat(recordsOfRun(runId)).isEmpty();
  }

  private static String success(String job, String runId) {
    return dbtCloud(
        "dbt-cloud-completed", job, runId, Deliveries.PRODUCTION_ENVIRONMENT, "Success", 10);
  }

  private static String failure(String job, String runId) {
    return dbtCloud(
        "dbt-cloud-completed", job, runId, Deliveries.PRODUCTION_ENVIRONMENT, "Errored", 20);
  }

  @Test
  void aRunOutsideTheWatchedEnvironmentsIsIgnored() {
    String runId = newRunId();

    postDbtCloud(dbtCloud("dbt-cloud-completed", runId, "70403103931999", "Errored", 20))
        .then()
        .statusCode(200)
        .body("status", equalTo("ignored"))
        .body("reason", containsString("environment 70403103931999"));

    assertThat(recordsOfRun(runId)).isEmpty();
  }
}
