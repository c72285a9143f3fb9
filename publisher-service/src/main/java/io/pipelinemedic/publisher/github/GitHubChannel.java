package io.pipelinemedic.publisher.github;

import io.pipelinemedic.publisher.config.PublisherConfig;
import io.pipelinemedic.publisher.kb.KbDrafts;
import io.pipelinemedic.publisher.publication.OutcomeChannel;
import io.pipelinemedic.publisher.publication.Remark;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.model.PublicationKind;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.service.retry.Retries;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Optional;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;

/**
 * Pull requests as an outcome channel, its client built at start-up from {@code
 * medic.publisher.github}; off without a repository and a token. GitHub's refusals (a 4xx other
 * than 429) end a delivery; its outages and rate limits are retried. The receipt is the pull
 * request and whether it was opened or updated.
 */
@Singleton
public class GitHubChannel implements OutcomeChannel<PullRequests.Outcome> {

  private final PullRequests pullRequests;
  private final Optional<String> kbFolder;

  GitHubChannel(PublisherConfig config) throws IOException {
    PublisherConfig.GitHub github = config.github();
    kbFolder = github.kbFolder();
    pullRequests =
        github.repository().isPresent() && github.token().isPresent()
            ? new PullRequests(
                new GitHubBuilder()
                    .withEndpoint(github.endpoint())
                    .withOAuthToken(github.token().get())
                    .build(),
                github.repository().get(),
                github.base(),
                github.labels(),
                github.reviewers().orElse(List.of()),
                github.ownerReviewers(),
                github.draftBelow())
            : null;
  }

  /** Whether pull requests are configured. */
  public boolean on() {
    return pullRequests != null;
  }

  /** Opens the fix's pull request, or comments on the open one of the same root cause. */
  public PullRequests.Outcome publish(FixProposed fix, RootCauseGroup group, String incidentUrl)
      throws IOException {
    return call(() -> pullRequests.publish(fix, group, incidentUrl));
  }

  /** Comments {@code text} on the pull request at {@code url} while it is open. */
  public Remark remark(String url, String text) throws IOException {
    return call(() -> new Remark(url, pullRequests.commentWhileOpen(url, text)));
  }

  /** Proposes {@code draft} as a KB entry, in a pull request on the repository. */
  public Remark proposeKbEntry(KbDrafts.Draft draft, String body) throws IOException {
    return call(
        () ->
            new Remark(
                pullRequests.proposeFile(
                    draft.branch(), draft.path(), draft.markdown(), draft.title(), body),
                draft.recipe() ? "KB entry with a recipe proposed" : "KB entry proposed"));
  }

  /** The folder of the git KB in the repository, when drafts are on. */
  public Optional<String> kbFolder() {
    return pullRequests == null ? Optional.empty() : kbFolder;
  }

  /** GitHub's refusals end a delivery; its outages and rate limits are retried. */
  private static <T> T call(Retries.Attempt<T> call) throws IOException {
    try {
      return call.call();
    } catch (InterruptedIOException e) {
      throw e;
    } catch (GHFileNotFoundException e) {
      throw new IOException("GitHub answered HTTP 404: " + e.getMessage(), e);
    } catch (HttpException e) {
      int status = e.getResponseCode();
      if (status >= 400 && status < 500 && status != 429) {
        throw new IOException("GitHub answered HTTP " + status + ": " + e.getMessage(), e);
      }
      throw new Retries.Retryable("GitHub: HTTP " + status + " " + e.getMessage(), null);
    } catch (IOException e) {
      throw new Retries.Retryable("GitHub: " + e.getMessage(), null);
    }
  }

  @Override
  public String name() {
    return "github";
  }

  @Override
  public String link(PullRequests.Outcome receipt) {
    return receipt.url();
  }

  @Override
  public String detail(PullRequests.Outcome receipt) {
    return receipt.kind().name();
  }

  @Override
  public PullRequests.Outcome receipt(String link, String detail) {
    return new PullRequests.Outcome(PublicationKind.valueOf(detail), link);
  }
}
