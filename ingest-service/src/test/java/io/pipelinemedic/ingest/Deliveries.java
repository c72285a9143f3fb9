package io.pipelinemedic.ingest;

import static io.restassured.RestAssured.given;

import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.testsupport.TopicRecords;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Real-shaped, signed deliveries for the tests, and what reached {@code run.failed}. */
public final class Deliveries {

  public static final String DBT_CLOUD_SECRET = "test-dbt-cloud-secret";
  public static final String AIRFLOW_SECRET = "test-airflow-secret";
  public static final String RUNS_TOKEN = "test-runs-token";
  public static final String GITHUB_SECRET = "test-github-secret";
  public static final String PRODUCTION_ENVIRONMENT = "70403103931988";

  /** The job of the deliveries that name none. */
  public static final String NIGHTLY_JOB = "70403103934411";

  private Deliveries() {}

  /** A fresh run id, so that tests sharing the topic never see each other's records. */
  public static String newRunId() {
    return String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits()));
  }

  /** A dbt Cloud delivery from {@code webhooks/<template>.json} for a failed run. */
  public static String dbtCloud(String template, String runId) {
    return dbtCloud(template, runId, PRODUCTION_ENVIRONMENT, "Errored", 20);
  }

  public static String dbtCloud(
      String template, String runId, String environmentId, String runStatus, int statusCode) {
    return dbtCloud(template, NIGHTLY_JOB, runId, environmentId, runStatus, statusCode);
  }

  /** A dbt Cloud delivery of a run of {@code jobId}. */
  public static String dbtCloud(
      String template,
      String jobId,
      String runId,
      String environmentId,
      String runStatus,
      int statusCode) {
    return fill(
        "webhooks/" + template + ".json",
        Map.of(
            "eventId", "wev_" + UUID.randomUUID().toString().replace("-", ""),
            "jobId", jobId,
            "runId", runId,
            "environmentId", environmentId,
            "runStatus", runStatus,
            "runStatusCode", String.valueOf(statusCode)));
  }

  public static String airflow(String runId, String runType) {
    return fill("webhooks/airflow-alert.json", Map.of("runId", runId, "runType", runType));
  }

  public static String fill(String resource, Map<String, String> values) {
    String text = resource(resource);
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace("${" + value.getKey() + "}", value.getValue());
    }
    return text;
  }

  public static String resource(String name) {
    try (InputStream in = Deliveries.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lowercase hex HMAC-SHA256 of {@code body}, as dbt Cloud signs it. */
  public static String sign(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static Response postDbtCloud(String body) {
    return post("/webhooks/dbt-cloud", sign(DBT_CLOUD_SECRET, body), body);
  }

  public static Response postAirflow(String body) {
    return post("/webhooks/airflow", sign(AIRFLOW_SECRET, body), body);
  }

  public static Response post(String path, String signature, String body) {
    return given()
        .header("Authorization", signature)
        .contentType("application/json")
        .body(body.getBytes(StandardCharsets.UTF_8))
        .post(path);
  }

  /** The records on {@code run.failed} whose run id is {@code runId}. */
  public static List<ConsumerRecord<String, byte[]>> recordsOfRun(String runId) {
    return TopicRecords.matching(
        Topics.RUN_FAILED, record -> runId.equals(event(record).run().runId()));
  }

  public static RunFailed event(ConsumerRecord<String, byte[]> record) {
    return event(record, RunFailed.class);
  }

  /** The records on {@code topic} keyed {@code key}, as events of {@code type}. */
  public static <T extends PipelineEvent> List<T> eventsKeyed(
      String topic, String key, Class<T> type) {
    return TopicRecords.matching(topic, record -> key.equals(record.key())).stream()
        .map(record -> event(record, type))
        .toList();
  }

  private static <T extends PipelineEvent> T event(
      ConsumerRecord<String, byte[]> record, Class<T> type) {
    try {
      return EventJson.read(record.value(), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  public static <T> T join(java.util.concurrent.Future<T> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
