package io.pipelinemedic.ingest.github;

import io.pipelinemedic.ingest.intake.DeliveryOutcome;
import io.pipelinemedic.ingest.intake.IngestService;
import io.pipelinemedic.ingest.intake.RejectedDelivery;
import io.pipelinemedic.ingest.intake.Times;
import io.pipelinemedic.schemas.FixReviewed;
import io.pipelinemedic.schemas.model.GitChange;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Decides what a verified {@code pull_request} delivery means: a fix's pull request (its head
 * branch one Pipeline Medic pushed) closed, merged or not, becomes {@code fix.reviewed}; every
 * other action and pull request is ignored with its reason.
 */
@ApplicationScoped
public class PullRequestIntake {

  @Inject IngestService ingest;

  public Uni<DeliveryOutcome> receive(PullRequestWebhook webhook, String delivery) {
    PullRequestWebhook.PullRequest pull = webhook.pullRequest();
    if (!"closed".equals(webhook.action())) {
      return ignore("action " + webhook.action() + " does not close a pull request");
    }
    String branch = pull.head().ref();
    if (branch == null || !branch.startsWith(GitChange.BRANCH_PREFIX)) {
      return ignore("branch " + branch + " is not a fix's (" + GitChange.BRANCH_PREFIX + "…)");
    }
    String repository = webhook.repository().fullName();
    String from = pull.head().repo() == null ? null : pull.head().repo().fullName();
    if (!repository.equals(from)) {
      // a fork's pull request: anyone can name a branch like a fix's and close it
      return ignore("the pull request comes from " + from + ", not from " + repository);
    }
    String url = page(pull.htmlUrl());
    boolean merged = Boolean.TRUE.equals(pull.merged());
    PullRequestWebhook.User closer =
        merged && pull.mergedBy() != null ? pull.mergedBy() : webhook.sender();
    FixReviewed event =
        new FixReviewed(
            IngestService.envelope(
                "github:" + (delivery != null ? delivery : url + ":" + pull.closedAt())),
            repository,
            pull.number(),
            url,
            branch,
            merged,
            merged ? pull.mergeCommitSha() : null,
            closer == null ? null : closer.login(),
            Times.parse(pull.closedAt()));
    return ingest.reviewed(GitHubWebhookResource.REPORTER, event);
  }

  private Uni<DeliveryOutcome> ignore(String reason) {
    return ingest.ignore(GitHubWebhookResource.REPORTER, reason);
  }

  /** The pull request's page, which must be an http(s) address: it is a key and a link. */
  private static String page(String text) {
    try {
      URI uri = new URI(text);
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())
          || uri.getHost() == null
          || uri.getUserInfo() != null) {
        throw new URISyntaxException(text, "not an http(s) address without user info");
      }
      return uri.toString();
    } catch (URISyntaxException e) {
      throw new RejectedDelivery(
          GitHubWebhookResource.REPORTER,
          400,
          "pull_request.html_url is not a pull request's page: " + e.getMessage());
    }
  }
}
