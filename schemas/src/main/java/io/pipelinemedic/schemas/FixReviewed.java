package io.pipelinemedic.schemas;

import java.time.Instant;

/**
 * {@code fix.reviewed}: a person closed a pull request on the dbt project's repository, merged or
 * not. Keyed by the pull request's page.
 *
 * @param envelope common envelope (no incidentId: one pull request may carry several incidents)
 * @param repository the repository, {@code owner/name}
 * @param number the pull request's number
 * @param url the pull request's page
 * @param branch the pull request's head branch
 * @param merged whether it was merged
 * @param mergeCommitSha the merge commit, when merged
 * @param closedBy the login of who merged or closed it
 * @param closedAt when it was closed
 */
public record FixReviewed(
    Envelope envelope,
    String repository,
    int number,
    String url,
    String branch,
    boolean merged,
    String mergeCommitSha,
    String closedBy,
    Instant closedAt)
    implements PipelineEvent {}
