package io.pipelinemedic.runner.sandbox;

import io.pipelinemedic.dbt.Confinement;
import io.pipelinemedic.dbt.DevProfile;
import io.pipelinemedic.dbt.Folders;
import io.pipelinemedic.dbt.ReadOnlyDuckDb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * One group's sandbox: the dbt project cloned at the failed run's commit on the group's own branch,
 * a dev copy of the production DuckDB file, and a profiles file whose only target is that copy
 * (other production databases the models read are attached read-only). The copy keeps the
 * production file's name, so its catalog, and every relation dbt compiles, reads as in production
 * while every write lands in the copy.
 *
 * @param root the sandbox's folder, removed by {@link #delete()}
 * @param remote the repository it was cloned from, and pushes to
 * @param project the clone, with the branch checked out
 * @param profiles the folder of the generated {@code profiles.yml}
 * @param devDatabase the dev copy
 * @param attachments the other production databases attached read-only, by alias (those that exist)
 * @param writtenProfile the {@code profiles.yml} as the sandbox wrote it
 * @param cloneMillis how long the clone took
 * @param dataMillis how long copying production took
 */
public record Sandbox(
    Path root,
    GitRemote remote,
    Path project,
    Path profiles,
    Path devDatabase,
    Map<String, Path> attachments,
    String writtenProfile,
    long cloneMillis,
    long dataMillis) {

  /** The clone's git folder, beside the project rather than in it. */
  private static final String GIT = "git";

  /** The target name in the generated profile; dbt never sees another. */
  public static final String TARGET = "dev";

  /** dbt's target path and log path, beside the project. */
  static final String TARGET_PATH = "target";

  static final String LOG_PATH = "logs";

  /**
   * Creates the sandbox under {@code root}.
   *
   * @param remote the team's repository
   * @param commit the commit the failed run built
   * @param branch the group's branch, e.g. {@code medic/inc-1-stg-orders}
   * @param production the production DuckDB file, only read
   * @param attachments other production databases the models read, by alias: attached read-only
   *     (one whose file does not exist is left out: a project that reads it fails in its build, and
   *     says so)
   */
  public static Sandbox create(
      Path root,
      GitRemote remote,
      String commit,
      String branch,
      Path production,
      Map<String, Path> attachments)
      throws IOException {
    Path project = root.resolve("project");
    Path profiles = root.resolve("profiles");
    Path data = root.resolve("data");
    Files.createDirectories(profiles);
    Files.createDirectories(data);
    Files.createDirectories(root.resolve(TARGET_PATH));
    Files.createDirectories(root.resolve(LOG_PATH));
    long start = System.nanoTime();
    try (Git git =
        Git.cloneRepository()
            .setURI(remote.uri())
            .setCredentialsProvider(remote.credentials())
            .setGitDir(root.resolve(GIT).toFile())
            .setDirectory(project.toFile())
            .setNoCheckout(true)
            .call()) {
      git.checkout().setCreateBranch(true).setName(branch).setStartPoint(commit).call();
    } catch (GitAPIException e) {
      throw new IOException("cannot clone " + remote + " at " + commit + ": " + e.getMessage(), e);
    }
    // nothing in the project points at the repository: it is opened by its own path only
    Files.deleteIfExists(project.resolve(".git"));
    long cloned = System.nanoTime();
    Path dev = data.resolve(production.getFileName());
    Files.copy(production, dev, StandardCopyOption.REPLACE_EXISTING);
    long copied = System.nanoTime();
    Map<String, Path> existing = new TreeMap<>(attachments);
    existing.values().removeIf(path -> !Files.exists(path));
    String profile = DevProfile.duckdb(DevProfile.profileName(project), TARGET, dev, existing);
    Files.writeString(profiles.resolve("profiles.yml"), profile, StandardCharsets.UTF_8);
    return new Sandbox(
        root,
        remote,
        project,
        profiles,
        dev,
        Map.copyOf(existing),
        profile,
        (cloned - start) / 1_000_000,
        (copied - cloned) / 1_000_000);
  }

  /**
   * What of the sandbox a process in it is shown ({@code base}, the tools' runtimes, plus these):
   * the project, the dev copy's folder and dbt's target and log folders writable; the profile and
   * the attached production databases read-only; never the clone's git folder, nor anything else of
   * the host.
   */
  public Confinement confine(Confinement base) {
    List<Path> reads = new ArrayList<>(List.of(profiles));
    reads.addAll(attachments.values());
    return base.readOnly(reads)
        .writable(
            List.of(
                project,
                devDatabase.getParent(),
                root.resolve(TARGET_PATH),
                root.resolve(LOG_PATH)));
  }

  /** The folder dbt writes its artifacts to. */
  public Path targetPath() {
    return root.resolve(TARGET_PATH);
  }

  /** The folder dbt writes {@code dbt.log} to. */
  public Path logPath() {
    return root.resolve(LOG_PATH);
  }

  /** Whether the profile is still as the sandbox wrote it: the dev target, and nothing else. */
  public boolean profileAsWritten() throws IOException {
    return Files.exists(profile())
        && Files.readString(profile(), StandardCharsets.UTF_8).equals(writtenProfile);
  }

  /** The generated {@code profiles.yml}. */
  public Path profile() {
    return profiles.resolve("profiles.yml");
  }

  /**
   * The rows a query returns on the dev copy, read through a connection that can read it and its
   * attachments and nothing else ({@link ReadOnlyDuckDb}): never dbt, so nothing in the text is
   * rendered as Jinja, and a second statement is refused rather than run.
   */
  public List<Map<String, Object>> rows(String select, int limit) throws IOException {
    try (Connection dev = ReadOnlyDuckDb.open(devDatabase, attachments)) {
      return ReadOnlyDuckDb.rows(dev, select, limit);
    } catch (SQLException e) {
      throw new IOException("the query failed on the dev copy: " + e.getMessage(), e);
    }
  }

  /**
   * The clone's repository: its git folder kept beside the project, where no {@code .git} entry of
   * the project (which the agent may write) can point elsewhere, opened with hooks and filters off
   * whatever its configuration says, so that staging and committing run nothing of the change.
   */
  public Repository repository() throws IOException {
    Repository repository =
        new FileRepositoryBuilder()
            .setGitDir(root.resolve(GIT).toFile())
            .setWorkTree(project.toFile())
            .setMustExist(true)
            .build();
    StoredConfig config = repository.getConfig();
    config.setString("core", null, "hooksPath", root.resolve("no-hooks").toString());
    config.unset("core", null, "attributesFile");
    for (String filter : config.getSubsections("filter")) {
      config.unsetSection("filter", filter);
    }
    return repository;
  }

  /** Removes the whole sandbox. */
  public void delete() throws IOException {
    Folders.delete(root);
  }
}
