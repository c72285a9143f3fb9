package io.pipelinemedic.runner.sandbox;

import io.pipelinemedic.dbt.Folders;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the groups' sandboxes are made and what becomes of them: each is removed when its group is
 * done, except that a failed attempt's is kept for {@code keepFailed} for a look and swept when a
 * later sandbox is made (never one that another group is still making).
 */
public final class Sandboxes {

  private final Path folder;
  private final GitRemote remote;
  private final Path production;
  private final Map<String, Path> attachments;
  private final Duration keepFailed;

  /**
   * @param folder where sandboxes are made
   * @param remote the team's dbt repository
   * @param production the production DuckDB file, only copied
   * @param attachments other production databases the models read, attached read-only
   * @param keepFailed how long a failed attempt's sandbox is kept (zero: removed at once)
   */
  public Sandboxes(
      Path folder,
      GitRemote remote,
      Path production,
      Map<String, Path> attachments,
      Duration keepFailed) {
    this.folder = folder;
    this.remote = remote;
    this.production = production;
    this.attachments = Map.copyOf(attachments);
    this.keepFailed = keepFailed;
  }

  /** The team's repository the sandboxes clone and push to. */
  public GitRemote remote() {
    return remote;
  }

  /** The branch of a group: {@code medic/<incident>-<group>}. */
  public static String branch(Classified event, RootCauseGroup group) {
    return "medic/" + event.envelope().incidentId() + "-" + group.groupId();
  }

  /** A new sandbox for the group, at the failed run's commit on the group's branch. */
  public Sandbox create(Classified event, RootCauseGroup group) throws IOException {
    sweep();
    Path root =
        folder.resolve(
            event.envelope().incidentId() + "-" + group.groupId() + "-" + System.nanoTime());
    return Sandbox.create(
        root, remote, event.run().gitSha(), branch(event, group), production, attachments);
  }

  /**
   * Replaces the sandbox's dev copy with a fresh copy of production, so that the verification
   * builds on data nothing in the sandbox (the agent, a macro, a hook) has touched.
   */
  public void freshData(Sandbox sandbox) throws IOException {
    Files.copy(production, sandbox.devDatabase(), StandardCopyOption.REPLACE_EXISTING);
  }

  /** A group is done with its sandbox: removed, unless a failed attempt's is to be kept. */
  public void finish(Sandbox sandbox, boolean succeeded) throws IOException {
    if (succeeded || keepFailed.isZero()) {
      sandbox.delete();
    }
  }

  /** Removes the failed attempts' sandboxes kept for longer than {@code keepFailed}. */
  private void sweep() throws IOException {
    if (keepFailed.isZero() || !Files.isDirectory(folder)) {
      return;
    }
    Instant expired = Instant.now().minus(keepFailed);
    try (Stream<Path> kept = Files.list(folder)) {
      for (Path old : kept.toList()) {
        if (Files.getLastModifiedTime(old).toInstant().isBefore(expired)) {
          Folders.delete(old);
        }
      }
    }
  }
}
