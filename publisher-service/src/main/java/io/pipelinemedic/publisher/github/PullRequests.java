package io.pipelinemedic.publisher.github;

import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.model.PublicationKind;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHUser;
import org.kohsuke.github.GitHub;

/**
 * One pull request per root cause on GitHub (or GitHub Enterprise, through the API endpoint): a
 * verified fix opens it from its pushed branch, with labels and reviewers, as a draft when the
 * decision's confidence is low; a repeat of the same root cause while it is open (the next night's
 * run) comments on it instead of opening another, and the same fix again (a redelivered event)
 * finds its own pull request. Never merges.
 *
 * @param github the client
 * @param repository {@code owner/name}
 * @param base the branch pull requests target
 * @param labels labels every pull request gets
 * @param reviewers logins asked to review every pull request
 * @param ownerReviewers logins asked besides, by the root cause's owner name
 * @param draftBelow the confidence under which the pull request is a draft
 */
public record PullRequests(
    GitHub github,
    String repository,
    String base,
    List<String> labels,
    List<String> reviewers,
    Map<String, String> ownerReviewers,
    double draftBelow) {

  /**
   * What was done on GitHub.
   *
   * @param kind opened or updated
   * @param url the pull request's page
   */
  public record Outcome(PublicationKind kind, String url) {}

  /** The hidden line that ties a pull request to its root cause. */
  static String marker(String rootCauseNode) {
    return "<!-- pipeline-medic root-cause: " + rootCauseNode + " -->";
  }

  /**
   * Comments {@code text} on the pull request at {@code url} of the repository while it is open;
   * what was done.
   */
  public String commentWhileOpen(String url, String text) throws IOException {
    String number = url.substring(url.lastIndexOf('/') + 1);
    if (!number.matches("\\d{1,9}")) {
      return "not a pull request's page, not commented";
    }
    GHPullRequest pull = github.getRepository(repository).getPullRequest(Integer.parseInt(number));
    if (!pull.getHtmlUrl().toString().equals(url)) {
      return "not a pull request of " + repository + ", not commented";
    }
    if (pull.getState() != GHIssueState.OPEN) {
      return "closed already, not commented";
    }
    pull.comment(text);
    return "commented";
  }

  /**
   * Proposes {@code text} as the file {@code path} in a pull request from {@code branch}, made from
   * the base branch; a retry finds the branch, the file and the pull request it made before.
   *
   * @return the pull request's page
   */
  public String proposeFile(String branch, String path, String text, String title, String body)
      throws IOException {
    GHRepository repo = github.getRepository(repository);
    for (GHPullRequest open : repo.queryPullRequests().state(GHIssueState.OPEN).list()) {
      if (open.getHead().getRef().equals(branch)) {
        return open.getHtmlUrl().toString();
      }
    }
    try {
      repo.getRef("heads/" + branch);
    } catch (GHFileNotFoundException absent) {
      repo.createRef("refs/heads/" + branch, repo.getRef("heads/" + base).getObject().getSha());
    }
    try {
      repo.getFileContent(path, branch);
    } catch (GHFileNotFoundException absent) {
      repo.createContent().path(path).content(text).message(title).branch(branch).commit();
    }
    GHPullRequest opened = repo.createPullRequest(title, branch, base, body, true, false);
    if (!labels.isEmpty()) {
      opened.addLabels(labels.toArray(String[]::new));
    }
    return opened.getHtmlUrl().toString();
  }

  /** Opens the fix's pull request, or comments on the open one of the same root cause. */
  public Outcome publish(FixProposed fix, RootCauseGroup group, String incidentUrl)
      throws IOException {
    GHRepository repo = github.getRepository(repository);
    String marker = marker(fix.rootCauseNode());
    for (GHPullRequest open : repo.queryPullRequests().state(GHIssueState.OPEN).list()) {
      if (open.getBody() != null && open.getBody().contains(marker)) {
        if (open.getHead().getRef().equals(fix.change().branch())) {
          return new Outcome(PublicationKind.PULL_REQUEST_OPENED, open.getHtmlUrl().toString());
        }
        open.comment(
            "The same root cause failed again in incident ["
                + fix.envelope().incidentId()
                + "]("
                + incidentUrl
                + "); the fix on `"
                + fix.change().branch()
                + "` (`"
                + fix.change().commitSha()
                + "`) was verified again. This pull request still fixes it.");
        return new Outcome(PublicationKind.PULL_REQUEST_UPDATED, open.getHtmlUrl().toString());
      }
    }
    GHPullRequest opened =
        repo.createPullRequest(
            PullRequestText.title(fix, group),
            fix.change().branch(),
            base,
            PullRequestText.body(fix, group, incidentUrl) + "\n" + marker + "\n",
            true,
            fix.confidence() < draftBelow);
    if (!labels.isEmpty()) {
      opened.addLabels(labels.toArray(String[]::new));
    }
    List<String> logins = new ArrayList<>(reviewers);
    if (fix.owner() != null && ownerReviewers.containsKey(fix.owner().name())) {
      logins.add(ownerReviewers.get(fix.owner().name()));
    }
    if (!logins.isEmpty()) {
      List<GHUser> users = new ArrayList<>();
      for (String login : logins) {
        users.add(github.getUser(login));
      }
      opened.requestReviewers(users);
    }
    return new Outcome(PublicationKind.PULL_REQUEST_OPENED, opened.getHtmlUrl().toString());
  }
}
