package io.pipelinemedic.schemas.model;

import java.util.List;

/**
 * The fix as a commit on a branch; the diff itself is in the artifact store.
 *
 * @param repository remote URL of the dbt repository
 * @param baseSha commit of the failed run the branch starts from
 * @param branch {@code medic/<incident>-<group>} ({@link #BRANCH_PREFIX})
 * @param commitSha the fix commit
 * @param diffUri unified diff in the artifact store
 * @param files files the diff changes
 */
public record GitChange(
    String repository,
    String baseSha,
    String branch,
    String commitSha,
    String diffUri,
    List<FileChange> files) {

  /** The prefix of every fix branch Pipeline Medic pushes. */
  public static final String BRANCH_PREFIX = "medic/";

  public GitChange {
    files = Lists.orEmpty(files);
  }
}
