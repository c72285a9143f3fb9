package io.pipelinemedic.runner.fix;

import io.pipelinemedic.runner.sandbox.Sandbox;
import io.pipelinemedic.schemas.model.FileChange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * The fix as a commit on the group's branch, pushed to the team's repository with JGit: every
 * change in the sandbox's clone (new, changed and deleted files), authored by Pipeline Medic, with
 * its per-file counts. A push the remote refuses is an error, never a silent success.
 *
 * @param sha the commit
 * @param files the files it changes
 */
public record FixCommit(String sha, List<FileChange> files) {

  /** The author and committer of every fix. */
  public static final PersonIdent MEDIC =
      new PersonIdent("Pipeline Medic", "medic@pipelinemedic.io");

  /**
   * The sandbox's changes against the run's commit, staged once and read three ways.
   *
   * @param changes each changed file with its content before and after, for the guardrails
   * @param files each changed file with its line counts
   * @param diff all of it as a unified diff
   * @param tree the staged tree: what is pushed must be exactly this
   * @param links the changed paths that are not regular files: symbolic links and submodules
   */
  public record Staged(
      List<Guardrails.Change> changes,
      List<FileChange> files,
      String diff,
      ObjectId tree,
      List<String> links) {}

  /** Stages every change in the sandbox and reads it; nothing is committed. */
  public static Staged stage(Sandbox sandbox) throws IOException {
    try (Repository repository = sandbox.repository();
        Git git = Git.wrap(repository)) {
      List<DiffEntry> entries = stageAll(git);
      List<FileChange> counts = counts(repository, entries);
      List<String> links = new ArrayList<>();
      List<Guardrails.Change> changes = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        DiffEntry entry = entries.get(i);
        FileChange count = counts.get(i);
        if (entry.getNewMode() == FileMode.SYMLINK || entry.getNewMode() == FileMode.GITLINK) {
          links.add(count.path());
        }
        changes.add(
            new Guardrails.Change(
                count.path(),
                entry.getChangeType() == DiffEntry.ChangeType.ADD
                    ? null
                    : text(repository, entry.getOldId().toObjectId()),
                entry.getChangeType() == DiffEntry.ChangeType.DELETE
                    ? null
                    : text(repository, entry.getNewId().toObjectId()),
                count.additions(),
                count.deletions()));
      }
      ByteArrayOutputStream diff = new ByteArrayOutputStream();
      try (DiffFormatter formatter = new DiffFormatter(diff)) {
        formatter.setRepository(repository);
        formatter.format(entries);
      }
      return new Staged(
          List.copyOf(changes),
          counts,
          diff.toString(StandardCharsets.UTF_8),
          tree(repository),
          List.copyOf(links));
    } catch (GitAPIException e) {
      throw new IOException("cannot diff the sandbox: " + e.getMessage(), e);
    }
  }

  /**
   * Removes every file of the project that the commit would not hold, ignored ones included (a
   * package folder, a {@code target/} the change or a build left, an edited installed package), so
   * that what is verified is built from exactly what is pushed.
   */
  public static void onlyTheTrackedFiles(Sandbox sandbox) throws IOException {
    try (Repository repository = sandbox.repository();
        Git git = Git.wrap(repository)) {
      git.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
    } catch (GitAPIException e) {
      throw new IOException("cannot clean the sandbox: " + e.getMessage(), e);
    }
  }

  /**
   * The commit a runner already pushed on the sandbox's branch (one that died before it could
   * publish, or a redelivered group), or {@code null} when the branch is new.
   */
  public static String pushedBefore(Sandbox sandbox) throws IOException {
    try (Repository repository = sandbox.repository();
        Git git = Git.wrap(repository)) {
      ObjectId pushed = repository.resolve("refs/remotes/origin/" + repository.getBranch());
      return pushed == null ? null : pushed.getName();
    }
  }

  /**
   * Puts the changes of {@code commit} against the sandbox's base into its working tree (new,
   * changed and deleted files), so that they are checked and verified as a fresh fix would be.
   *
   * @return the commit's message
   */
  public static String restore(Sandbox sandbox, String commit) throws IOException {
    try (Repository repository = sandbox.repository();
        Git git = Git.wrap(repository)) {
      try (RevWalk walk = new RevWalk(repository);
          DiffFormatter formatter = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
        formatter.setRepository(repository);
        RevCommit head = walk.parseCommit(repository.resolve(Constants.HEAD));
        RevCommit pushed = walk.parseCommit(ObjectId.fromString(commit));
        for (DiffEntry entry : formatter.scan(head.getTree(), pushed.getTree())) {
          if (entry.getChangeType() != DiffEntry.ChangeType.ADD) {
            Files.deleteIfExists(sandbox.project().resolve(entry.getOldPath()));
          }
          if (entry.getChangeType() != DiffEntry.ChangeType.DELETE) {
            Path file = sandbox.project().resolve(entry.getNewPath());
            Files.createDirectories(file.getParent());
            Files.write(file, repository.open(entry.getNewId().toObjectId()).getBytes());
          }
        }
        return pushed.getFullMessage();
      }
    }
  }

  private static String text(Repository repository, ObjectId blob) throws IOException {
    return new String(repository.open(blob).getBytes(), StandardCharsets.UTF_8);
  }

  /**
   * The branch was pushed by another runner after this sandbox was made (the same group delivered
   * to two runners at once): its commit is the group's fix, not this one.
   */
  public static final class BranchTaken extends IOException {
    BranchTaken(String branch) {
      super(branch + " was pushed by another runner meanwhile");
    }
  }

  /** The sandbox's files are not the ones the guardrails checked: nothing was pushed. */
  public static final class ChangedAfterCheck extends IOException {
    ChangedAfterCheck() {
      super(
          "the sandbox's files changed after the guardrails checked them (during verification:"
              + " the change's own code wrote into the project), so nothing was pushed");
    }
  }

  /**
   * Commits everything changed in the sandbox on its branch and pushes the branch.
   *
   * @throws BranchTaken when another runner pushed the branch since the sandbox was made
   */
  public static FixCommit commitAndPush(Sandbox sandbox, String message, ObjectId checked)
      throws IOException {
    try (Repository repository = sandbox.repository();
        Git git = Git.wrap(repository)) {
      List<DiffEntry> changes = stageAll(git);
      if (changes.isEmpty()) {
        throw new IOException("nothing to commit: the fix changed no file");
      }
      if (!tree(git.getRepository()).equals(checked)) {
        throw new ChangedAfterCheck();
      }
      List<FileChange> files = counts(git.getRepository(), changes);
      RevCommit commit =
          git.commit()
              .setMessage(message)
              .setAuthor(MEDIC)
              .setCommitter(MEDIC)
              .setSign(false)
              .setNoVerify(true)
              .call();
      String branch = git.getRepository().getBranch();
      for (PushResult result :
          git.push()
              .setRemote("origin")
              .setCredentialsProvider(sandbox.remote().credentials())
              .add(branch)
              .call()) {
        for (RemoteRefUpdate update : result.getRemoteUpdates()) {
          if (update.getStatus() == RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD) {
            throw new BranchTaken(branch);
          }
          if (update.getStatus() != RemoteRefUpdate.Status.OK
              && update.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
            throw new IOException(
                "the remote refused "
                    + branch
                    + ": "
                    + update.getStatus()
                    + " "
                    + update.getMessage());
          }
        }
      }
      return new FixCommit(commit.getName(), files);
    } catch (GitAPIException e) {
      throw new IOException("cannot commit or push the fix: " + e.getMessage(), e);
    }
  }

  /** The tree the index holds. */
  private static ObjectId tree(Repository repository) throws IOException {
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      ObjectId tree = repository.readDirCache().writeTree(inserter);
      inserter.flush();
      return tree;
    }
  }

  /** Stages every new, changed and deleted file; what the index now changes against HEAD. */
  private static List<DiffEntry> stageAll(Git git) throws GitAPIException {
    git.add().addFilepattern(".").setUpdate(false).call();
    git.add().addFilepattern(".").setUpdate(true).call();
    return git.diff().setCached(true).call();
  }

  private static List<FileChange> counts(Repository repository, List<DiffEntry> changes)
      throws IOException {
    List<FileChange> files = new ArrayList<>();
    try (DiffFormatter formatter = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
      formatter.setRepository(repository);
      for (DiffEntry change : changes) {
        int additions = 0;
        int deletions = 0;
        for (Edit edit : formatter.toFileHeader(change).toEditList()) {
          additions += edit.getLengthB();
          deletions += edit.getLengthA();
        }
        String path =
            change.getChangeType() == DiffEntry.ChangeType.DELETE
                ? change.getOldPath()
                : change.getNewPath();
        files.add(new FileChange(path, additions, deletions));
      }
    }
    return List.copyOf(files);
  }
}
