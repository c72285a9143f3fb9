package io.pipelinemedic.runner.sandbox;

import io.pipelinemedic.dbt.Confinement;
import io.pipelinemedic.dbt.DevProfile;
import io.pipelinemedic.dbt.Folders;
import io.pipelinemedic.runner.warehouse.DevArea;
import io.pipelinemedic.runner.warehouse.DevAreas;
import io.pipelinemedic.runner.warehouse.StateManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * One group's sandbox: the dbt project cloned at the failed run's commit on the group's own branch,
 * a dev area in the warehouse ({@link DevArea}: where its builds write, reading production
 * read-only), the production state its builds defer to, and a profiles file whose only target is
 * the dev area.
 *
 * @param root the sandbox's folder, removed by {@link #delete()}
 * @param remote the repository it was cloned from, and pushes to
 * @param project the clone, with the branch checked out
 * @param profiles the folder of the generated {@code profiles.yml}
 * @param area the dev area
 * @param writtenProfile the {@code profiles.yml} as the sandbox wrote it
 * @param cloneMillis how long the clone took
 */
public record Sandbox(
    Path root,
    GitRemote remote,
    Path project,
    Path profiles,
    DevArea area,
    String writtenProfile,
    long cloneMillis) {

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
   * @param areas the warehouse's dev areas
   * @param manifest the failed run's {@code manifest.json}, when it wrote one: checked ({@link
   *     StateManifest}) and kept as the state the builds defer to
   */
  public static Sandbox create(
      Path root,
      GitRemote remote,
      String commit,
      String branch,
      DevAreas areas,
      Optional<Path> manifest)
      throws IOException {
    Path project = root.resolve("project");
    Path profiles = root.resolve("profiles");
    Files.createDirectories(profiles);
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
    Optional<Path> state = Optional.empty();
    if (manifest.isPresent()) {
      state =
          Optional.of(
              StateManifest.copy(manifest.get(), root.resolve("state"), areas::isProduction));
    }
    DevArea area = areas.create(root.getFileName().toString(), root.resolve("data"), state);
    String profile;
    try {
      profile = area.profile(DevProfile.profileName(project), TARGET);
      Files.writeString(profiles.resolve("profiles.yml"), profile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      area.drop();
      throw e;
    }
    return new Sandbox(
        root, remote, project, profiles, area, profile, (cloned - start) / 1_000_000);
  }

  /**
   * What of the sandbox a process in it is shown ({@code base}, the tools' runtimes, plus these):
   * the project, dbt's target and log folders and the dev area's files writable; the profile, the
   * state and the production databases read-only; never the clone's git folder, nor anything else
   * of the host. The network only where the warehouse is reached through it.
   */
  public Confinement confine(Confinement base) {
    List<Path> reads = new ArrayList<>(List.of(profiles));
    area.state().ifPresent(reads::add);
    reads.addAll(area.readOnly());
    List<Path> writes =
        new ArrayList<>(List.of(project, root.resolve(TARGET_PATH), root.resolve(LOG_PATH)));
    writes.addAll(area.writable());
    Confinement confined = base.readOnly(reads).writable(writes);
    return area.network() ? confined.withNetwork() : confined;
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

  /** The first {@code limit} rows of {@code select} on the dev area ({@link DevArea#rows}). */
  public List<Map<String, Object>> rows(String select, int limit) throws IOException {
    return area.rows(select, limit);
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

  /** Removes the whole sandbox, its dev area first. */
  public void delete() throws IOException {
    area.drop();
    Folders.delete(root);
  }
}
