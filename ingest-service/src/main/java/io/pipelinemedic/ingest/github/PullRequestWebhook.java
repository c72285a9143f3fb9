package io.pipelinemedic.ingest.github;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.pipelinemedic.ingest.intake.Fields;
import io.pipelinemedic.ingest.intake.WebhookPayload;
import java.util.List;

/**
 * GitHub's {@code pull_request} webhook payload, the fields Pipeline Medic reads: the action, the
 * pull request (its page, number, head branch, whether and by whom it was merged, when it closed),
 * the repository and the sender.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PullRequestWebhook(
    String action,
    Integer number,
    @JsonProperty("pull_request") PullRequest pullRequest,
    Repository repository,
    User sender)
    implements WebhookPayload {

  /** The pull request as the payload carries it; {@code merged_by} is null unless merged. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PullRequest(
      @JsonProperty("html_url") String htmlUrl,
      Integer number,
      String state,
      Boolean merged,
      @JsonProperty("merge_commit_sha") String mergeCommitSha,
      @JsonProperty("merged_by") User mergedBy,
      @JsonProperty("closed_at") String closedAt,
      Branch head,
      Branch base) {}

  /** A branch end of the pull request, and the repository it is in. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Branch(String ref, String sha, Repository repo) {}

  /** The repository. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Repository(@JsonProperty("full_name") String fullName) {}

  /** A GitHub account. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record User(String login) {}

  @Override
  public List<String> problems() {
    Fields fields =
        new Fields()
            .require("action", action)
            .require("pull_request", pullRequest)
            .require("repository", repository);
    if (pullRequest != null) {
      fields
          .require("pull_request.html_url", pullRequest.htmlUrl())
          .require("pull_request.number", pullRequest.number())
          .require("pull_request.head", pullRequest.head());
    }
    if (repository != null) {
      fields.require("repository.full_name", repository.fullName());
    }
    return fields.problems();
  }
}
