package io.pipelinemedic.kb.entry;

import io.pipelinemedic.schemas.model.KbSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathSuffixFilter;

/**
 * The KB entries of a folder of a git repository at a commit, read without a checkout: every
 * markdown file under the folder is an entry whose id is its path in the folder without {@code
 * .md}; {@code README.md} files are documentation, not entries.
 */
public final class GitEntries {

  private GitEntries() {}

  /** The folder as a path inside the repository: no leading or trailing slash. */
  public static String folder(String path) {
    return path.replaceAll("^/+|/+$", "");
  }

  /** The paths of the folder's markdown files at {@code commit}, README.md excepted. */
  public static List<String> paths(Repository repository, RevCommit commit, String folder)
      throws IOException {
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
    return paths;
  }

  /** The entry the file at {@code path} holds at {@code commit}, dated by its last change. */
  public static ParsedEntry entry(Git git, RevCommit commit, String folder, String path)
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
}
