package io.pipelinemedic.runner.sandbox;

import io.pipelinemedic.dbt.Folders;
import io.pipelinemedic.runner.warehouse.DevAreas;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.model.GitChange;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.service.ArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Where the groups' sandboxes are made and what becomes of them: each is removed when its group is
 * done, except that a failed attempt's is kept for {@code keepFailed} for a look and swept when a
 * later sandbox is made (never one that another group is still making).
 */
public final class Sandboxes {

  private static final Logger LOG = Logger.getLogger(Sandboxes.class);

  /** The file in a sandbox's folder that names its incident and group. */
  static final String GROUP = "group";

  private final Path folder;
  private final GitRemote remote;
  private final DevAreas areas;
  private final ArtifactStore artifacts;
  private final Duration keepFailed;
  private final DevDbt dbt;

  /**
   * @param folder where sandboxes are made
   * @param remote the team's dbt repository
   * @param areas the warehouse's dev areas
   * @param artifacts the artifact store, which holds the failed runs' manifests
   * @param keepFailed how long a failed attempt's sandbox is kept (zero: removed at once)
   * @param dbt dbt on the sandboxes, warmed up in each as it is made and stopped with its group
   */
  public Sandboxes(
      Path folder,
      GitRemote remote,
      DevAreas areas,
      ArtifactStore artifacts,
      Duration keepFailed,
      DevDbt dbt) {
    this.folder = folder;
    this.remote = remote;
    this.areas = areas;
    this.artifacts = artifacts;
    this.keepFailed = keepFailed;
    this.dbt = dbt;
  }

  /** dbt on the sandboxes. */
  public DevDbt dbt() {
    return dbt;
  }

  /** The team's repository the sandboxes clone and push to. */
  public GitRemote remote() {
    return remote;
  }

  /** The branch of a group: {@code medic/<incident>-<group>}. */
  public static String branch(Classified event, RootCauseGroup group) {
    return GitChange.BRANCH_PREFIX + event.envelope().incidentId() + "-" + group.groupId();
  }

  /**
   * A new sandbox for the group, at the failed run's commit on the group's branch, its builds
   * deferring to the run's manifest when the event names one, and its warm dbt starting (or started
   * ahead, in the folder it was started for). Its folder holds a file {@code group} that names the
   * incident and the group.
   */
  public Sandbox create(Classified event, RootCauseGroup group) throws IOException {
    Optional<WarmDbts.Ahead> ahead = dbt.warm().claim();
    Path root = ahead.map(WarmDbts.Ahead::root).orElseGet(this::nextRoot);
    sweep(root);
    Sandbox sandbox = null;
    try {
      Files.createDirectories(root);
      Files.writeString(
          root.resolve(GROUP), event.envelope().incidentId() + "/" + group.groupId() + "\n");
      sandbox = create(event, group, root);
      dbt.warm().start(sandbox, ahead);
      LOG.infof(
          "%s/%s: sandbox %s, dbt %s",
          event.envelope().incidentId(),
          group.groupId(),
          root.getFileName(),
          dbt.warmedAhead(sandbox) ? "warmed up ahead" : "warming up");
    } catch (IOException | RuntimeException e) {
      if (ahead.isPresent()) {
        ahead.get().worker().close();
      }
      if (sandbox != null) {
        sandbox.delete();
      } else {
        Folders.delete(root); // a clone or a dev area that failed leaves its folder
      }
      throw e;
    }
    return sandbox;
  }

  /** A new folder's path for a sandbox: {@code sandbox-<n>}. */
  private Path nextRoot() {
    return folder.resolve("sandbox-" + System.nanoTime());
  }

  private Sandbox create(Classified event, RootCauseGroup group, Path root) throws IOException {
    Optional<Path> manifest;
    try {
      manifest =
          Optional.ofNullable(event.state())
              .map(state -> artifacts.stored(event.envelope().incidentId(), state));
    } catch (IllegalArgumentException e) {
      throw new IOException("the run's manifest is not read: " + e.getMessage(), e);
    }
    return Sandbox.create(
        root, remote, event.run().gitSha(), branch(event, group), areas, manifest);
  }

  /**
   * Empties the sandbox's dev area, so that the verification builds on production as it is, with
   * nothing the sandbox (the agent, a macro, a hook) wrote before.
   */
  public void freshData(Sandbox sandbox) throws IOException {
    sandbox.area().reset();
  }

  /**
   * A group is done with its sandbox: its warm dbt stopped, the sandbox removed unless a failed
   * attempt's is to be kept, and a warm dbt started ahead for the next one, shown as this one was.
   */
  public void finish(Sandbox sandbox, boolean succeeded) throws IOException {
    try {
      dbt.warm().release(sandbox);
    } finally {
      if (succeeded || keepFailed.isZero()) {
        sandbox.delete();
      }
    }
    try {
      dbt.warm().startAhead(sandbox, nextRoot());
    } catch (IOException e) {
      // the next group starts its own
      LOG.warnf("cannot start dbt ahead of the next group: %s", e.getMessage());
    }
  }

  /** Stops the warm dbt started ahead of the next group, if any, and removes its folder. */
  public void stopAhead() throws IOException {
    dbt.warm().stopAhead();
  }

  /**
   * Removes the failed attempts' sandboxes kept for longer than {@code keepFailed}, never {@code
   * next}, the folder of the sandbox being made.
   */
  private void sweep(Path next) throws IOException {
    if (keepFailed.isZero() || !Files.isDirectory(folder)) {
      return;
    }
    Instant expired = Instant.now().minus(keepFailed);
    try (Stream<Path> kept = Files.list(folder)) {
      for (Path old : kept.toList()) {
        if (!old.equals(next) && Files.getLastModifiedTime(old).toInstant().isBefore(expired)) {
          try {
            areas.drop(old.getFileName().toString());
            Folders.delete(old);
          } catch (IOException e) {
            // kept for the next sweep; a new sandbox is not held up by an old one
            LOG.warnf("cannot remove the kept sandbox %s yet: %s", old, e.getMessage());
          }
        }
      }
    }
  }
}
