package io.pipelinemedic.kb.git;

import io.pipelinemedic.kb.config.KbSyncConfig;
import io.pipelinemedic.kb.entry.GitEntries;
import io.pipelinemedic.kb.entry.ParsedEntry;
import io.pipelinemedic.kb.sync.SourceReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * KB entries kept as markdown files in a folder of a git repository (often the dbt project's own),
 * read with JGit from a bare clone at the head of a branch, without a checkout ({@link
 * GitEntries}). Every reading covers the whole folder; an unchanged head is not read again unless a
 * full sync is asked for.
 */
@ApplicationScoped
public class GitSource implements SourceReader {

  private static final int BATCH = 100;

  @Inject KbSyncConfig config;

  @Override
  public boolean configured() {
    return config.git().uri().isPresent();
  }

  @Override
  public Reading read(String cursor, boolean full, Batches batches) throws IOException {
    KbSyncConfig.Git settings = config.git();
    try (Git git = fetch(settings)) {
      Repository repository = git.getRepository();
      ObjectId head = repository.resolve("refs/heads/" + settings.branch());
      if (head == null) {
        throw new IOException(
            "branch " + settings.branch() + " not found in " + settings.uri().orElseThrow());
      }
      if (!full && head.name().equals(cursor)) {
        return new Reading(cursor, false, null);
      }
      String folder = GitEntries.folder(settings.path());
      try (RevWalk commits = new RevWalk(repository)) {
        RevCommit commit = commits.parseCommit(head);
        List<ParsedEntry> batch = new ArrayList<>();
        for (String path : GitEntries.paths(repository, commit, folder)) {
          batch.add(GitEntries.entry(git, commit, folder, path));
          if (batch.size() == BATCH) {
            batches.accept(batch);
            batch = new ArrayList<>();
          }
        }
        if (!batch.isEmpty()) {
          batches.accept(batch);
        }
      }
      return new Reading(head.name(), true, null);
    } catch (GitAPIException e) {
      throw new IOException("git: " + e.getMessage(), e);
    }
  }

  /** The bare clone, fetched up to date; cloned on first use. */
  private static Git fetch(KbSyncConfig.Git settings) throws IOException, GitAPIException {
    String uri = settings.uri().orElseThrow();
    File directory = new File(settings.cloneDir());
    CredentialsProvider credentials =
        settings
            .token()
            .map(token -> new UsernamePasswordCredentialsProvider("x-access-token", token))
            .orElse(null);
    String branch = "refs/heads/" + settings.branch();
    if (!new File(directory, "HEAD").isFile()) {
      return Git.cloneRepository()
          .setURI(uri)
          .setDirectory(directory)
          .setBare(true)
          .setBranchesToClone(List.of(branch))
          .setBranch(branch)
          .setCredentialsProvider(credentials)
          .call();
    }
    Git git = Git.open(directory);
    try {
      git.fetch()
          .setRemote(uri)
          .setRefSpecs(new RefSpec("+" + branch + ":" + branch))
          .setCredentialsProvider(credentials)
          .call();
      return git;
    } catch (GitAPIException | RuntimeException e) {
      git.close();
      throw e;
    }
  }
}
