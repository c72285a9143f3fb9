package io.pipelinemedic.kb.git;

import io.pipelinemedic.kb.config.KbSyncConfig;
import io.pipelinemedic.kb.entry.MarkdownEntry;
import io.pipelinemedic.kb.entry.ParsedEntry;
import io.pipelinemedic.kb.sync.SourceReader;
import io.pipelinemedic.schemas.model.KbSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathSuffixFilter;

/**
 * KB entries kept as markdown files in a folder of a git repository (often the dbt project's own),
 * read with JGit from a bare clone at the head of a branch, without a checkout. Every reading
 * covers the whole folder; an unchanged head is not read again unless a full sync is asked for. The
 * entry id is the file's path in the folder without {@code .md}; {@code README.md} files are
 * documentation, not entries.
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
      String folder = settings.path().replaceAll("^/+|/+$", "");
      try (RevWalk commits = new RevWalk(repository)) {
        RevCommit commit = commits.parseCommit(head);
        List<ParsedEntry> batch = new ArrayList<>();
        for (Iterator<String> files = markdownFiles(repository, commit, folder);
            files.hasNext(); ) {
          String path = files.next();
          batch.add(entry(git, commit, folder, path));
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

  private static ParsedEntry entry(Git git, RevCommit commit, String folder, String path)
      throws IOException, GitAPIException {
    Repository repository = git.getRepository();
    String content;
    try (TreeWalk file = TreeWalk.forPath(repository, path, commit.getTree())) {
      content = new String(repository.open(file.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
    }
    Iterator<RevCommit> lastChange =
        git.log().add(commit).addPath(path).setMaxCount(1).call().iterator();
    Instant updatedAt =
        Instant.ofEpochSecond((lastChange.hasNext() ? lastChange.next() : commit).getCommitTime());
    String id = path.substring(folder.isEmpty() ? 0 : folder.length() + 1, path.length() - 3);
    String sourceRef = path + "@" + commit.abbreviate(12).name();
    return MarkdownEntry.parse(id, KbSource.GIT, sourceRef, updatedAt, content);
  }

  /** The paths of the folder's markdown files, README.md excepted. */
  private static Iterator<String> markdownFiles(
      Repository repository, RevCommit commit, String folder) throws IOException {
    List<String> paths = new ArrayList<>();
    try (TreeWalk walk = new TreeWalk(repository)) {
      walk.addTree(commit.getTree());
      walk.setRecursive(true);
      walk.setFilter(PathSuffixFilter.create(".md"));
      while (walk.next()) {
        String path = walk.getPathString();
        boolean inFolder = folder.isEmpty() || path.startsWith(folder + "/");
        if (inFolder && !walk.getNameString().toLowerCase(Locale.ROOT).equals("readme.md")) {
          paths.add(path);
        }
      }
    }
    if (paths.isEmpty() && !folder.isEmpty()) {
      try (TreeWalk folderWalk = TreeWalk.forPath(repository, folder, commit.getTree())) {
        if (folderWalk == null) {
          throw new IOException(
              "folder " + folder + " not found at " + commit.abbreviate(12).name());
        }
      }
    }
    return paths.iterator();
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
