package io.pipelinemedic.stack.demo;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A dbt Cloud {@code job.run.completed} webhook delivery for an errored (or a successful) run of
 * the example account's nightly production job, signed as dbt Cloud signs it: the hex HMAC-SHA256
 * of the body with the webhook's secret in {@code Authorization}.
 */
public final class DbtCloudWebhook {

  private static final String BODY =
      """
      {"accountId": %s, "webhookId": "wsu_medic", "eventId": "%s",
       "timestamp": "%s", "eventType": "job.run.completed",
       "webhookName": "Pipeline Medic", "data": {"jobId": "%d", "jobName": "Nightly build",
       "runId": "%s", "environmentId": "%d", "environmentName": "Production",
       "dbtVersion": "1.10", "projectName": "%s", "projectId": "70403103932150",
       "runStatus": "%s", "runStatusCode": %d, "runStatusMessage": "None",
       "runReason": "Kicked off from the scheduler", "runStartedAt": "%s",
       "runFinishedAt": "%s"}}""";

  private DbtCloudWebhook() {}

  /**
   * The delivery {@code eventId} of run {@code runId} of the dbt Cloud project {@code project},
   * which errored just now, posted to {@code target}.
   */
  public static HttpRequest delivery(
      URI target, String secret, String eventId, String runId, String project) {
    return delivery(target, secret, eventId, runId, project, "Errored", 20);
  }

  /** The delivery of a successful run {@code runId} that finished now. */
  public static HttpRequest passed(
      URI target, String secret, String eventId, String runId, String project) {
    return delivery(target, secret, eventId, runId, project, "Success", 10);
  }

  private static HttpRequest delivery(
      URI target,
      String secret,
      String eventId,
      String runId,
      String project,
      String status,
      int statusCode) {
    Instant finished = Instant.now();
    byte[] body =
        BODY.formatted(
                ExampleDbtCloud.ACCOUNT,
                eventId,
                finished.plusSeconds(2),
                ExampleDbtCloud.JOB,
                runId,
                ExampleDbtCloud.ENVIRONMENT,
                project,
                status,
                statusCode,
                finished.minusSeconds(126),
                finished)
            .getBytes(StandardCharsets.UTF_8);
    return HttpRequest.newBuilder(target)
        .header("Authorization", signature(secret, body))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private static String signature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
