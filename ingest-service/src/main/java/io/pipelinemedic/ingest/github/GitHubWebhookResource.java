package io.pipelinemedic.ingest.github;

import io.pipelinemedic.ingest.config.IngestConfig;
import io.pipelinemedic.ingest.intake.DeliveryResponses;
import io.pipelinemedic.ingest.intake.IngestService;
import io.pipelinemedic.ingest.intake.RejectedDelivery;
import io.pipelinemedic.ingest.intake.WebhookReader;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /webhooks/github}: GitHub's repository webhook. The body is verified against {@code
 * X-Hub-Signature-256} ({@code sha256=} and the lowercase hex HMAC-SHA256 of the raw body) before
 * anything reads it; then only {@code pull_request} deliveries are parsed.
 */
@Path("/webhooks/github")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class GitHubWebhookResource {

  static final String REPORTER = "GITHUB";
  private static final String SIGNATURE_PREFIX = "sha256=";

  @Inject WebhookReader reader;
  @Inject IngestConfig config;
  @Inject IngestService ingest;
  @Inject PullRequestIntake intake;

  @POST
  @Operation(summary = "A GitHub webhook: a pull request of a fix merged or closed")
  @APIResponse(responseCode = "202", description = "A closed fix pull request, published")
  @APIResponse(
      responseCode = "200",
      description = "Another event or action, or not a fix's pull request; ignored with a reason")
  @APIResponse(responseCode = "400", description = "Malformed JSON or missing fields")
  @APIResponse(
      responseCode = "401",
      description = "Missing or wrong signature, or no GitHub secret configured")
  @APIResponse(responseCode = "413", description = "Body over the webhook limit")
  public Uni<Response> deliver(
      @HeaderParam("X-Hub-Signature-256") String signature,
      @HeaderParam("X-GitHub-Event") String event,
      @HeaderParam("X-GitHub-Delivery") String delivery,
      byte[] body) {
    String secret =
        config
            .github()
            .secret()
            .orElseThrow(
                () ->
                    new RejectedDelivery(
                        REPORTER,
                        401,
                        "no GitHub webhook secret is configured (medic.ingest.github.secret)"));
    String hex =
        signature != null && signature.startsWith(SIGNATURE_PREFIX)
            ? signature.substring(SIGNATURE_PREFIX.length())
            : null;
    reader.verify(REPORTER, secret, "X-Hub-Signature-256", hex, body);
    if (!"pull_request".equals(event)) {
      return ingest
          .ignore(REPORTER, "event " + event + " is not a pull request's")
          .map(DeliveryResponses::of);
    }
    PullRequestWebhook webhook = reader.parse(REPORTER, body, PullRequestWebhook.class);
    return intake.receive(webhook, delivery).map(DeliveryResponses::of);
  }
}
