package io.pipelinemedic.runner.sandbox;

import io.pipelinemedic.dbt.Confinement;
import io.pipelinemedic.dbt.DbtRunner;
import io.pipelinemedic.dbt.DbtWorker;
import io.pipelinemedic.dbt.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sandboxes' warm dbts ({@link DbtWorker}): one per sandbox while its group works, and one
 * started ahead, while the runner waits for its next group, for the sandbox that group will get, so
 * that it finds dbt imported. A sandbox takes the one ahead only when it would start its own
 * exactly so (the same program, environment and confinement); otherwise the one ahead is stopped
 * and the sandbox starts its own.
 */
final class WarmDbts {

  /**
   * A warm dbt started ahead.
   *
   * @param root the root of the sandbox it is for
   * @param runner how it was started
   * @param shown what it was shown, each file or folder by its identity on disk then (bubblewrap
   *     binds that one: one replaced since, by a rename or a reinstall, would be stale in it)
   * @param worker the worker
   */
  record Ahead(Path root, DbtRunner runner, Map<Path, Object> shown, DbtWorker worker) {

    /** Stops the worker and removes the folder it was started for. */
    void stop() throws IOException {
      worker.close();
      Folders.delete(root);
    }
  }

  private final DbtRunner dbt;
  private final Confinement confinement;
  private final boolean startsAhead;
  private final Map<Path, DbtWorker> bySandbox = new ConcurrentHashMap<>();
  private final Map<Path, Map<Path, Object>> shownTo = new ConcurrentHashMap<>();
  private final Set<Path> takenAhead = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Ahead> ahead = new AtomicReference<>();

  /**
   * @param dbt the runtime
   * @param confinement where dbt runs ({@link Sandbox#confine})
   * @param startsAhead whether a warm dbt is started ahead for the next sandbox
   */
  WarmDbts(DbtRunner dbt, Confinement confinement, boolean startsAhead) {
    this.dbt = dbt;
    this.confinement = confinement;
    this.startsAhead = startsAhead;
  }

  /** dbt as a cold invocation runs on the sandbox: in its confinement, with its variables. */
  DbtRunner cold(Sandbox sandbox) {
    return dbt.with(sandbox.area().environment()).confined(sandbox.confine(confinement));
  }

  /** The warm dbt started ahead, claimed by the caller (no other sandbox gets it), if any. */
  Optional<Ahead> claim() {
    return Optional.ofNullable(ahead.getAndSet(null));
  }

  /**
   * Starts the sandbox's warm dbt, which serves every later invocation but {@code dbt deps} (which
   * alone gets the network) until {@link #release}: {@code claimed} when it was started for the
   * sandbox's root exactly as the sandbox's own would be, else a new one, importing dbt while the
   * caller goes on (none when dbt is not a Python script: each invocation then runs cold).
   */
  void start(Sandbox sandbox, Optional<Ahead> claimed) throws IOException {
    DbtRunner runner = cold(sandbox);
    Map<Path, Object> shown = identities(sandbox.confine(confinement));
    shownTo.put(sandbox.root(), shown);
    if (claimed.isPresent()) {
      Ahead ready = claimed.get();
      if (ready.root().equals(sandbox.root())
          && ready.runner().startsAs(runner)
          && ready.shown().equals(shown)) {
        bySandbox.put(sandbox.root(), ready.worker());
        takenAhead.add(sandbox.root());
        return;
      }
      ready.worker().close();
    }
    Optional<DbtWorker> worker = runner.warm(sandbox.project());
    if (worker.isPresent()) {
      bySandbox.put(sandbox.root(), worker.get());
    }
  }

  /**
   * Starts a warm dbt ahead for the next sandbox, to be made at {@code root}: shown what {@code
   * template}'s is shown, moved to {@code root} (whose folders are made now), with its variables.
   * Nothing unless this runner starts dbt ahead.
   */
  void startAhead(Sandbox template, Path root) throws IOException {
    if (!startsAhead) {
      return;
    }
    Confinement shown = template.confine(confinement).moved(template.root(), root);
    for (Path folder : shown.shown()) {
      if (folder.startsWith(root)) {
        Files.createDirectories(folder);
      }
    }
    DbtRunner runner = dbt.with(template.area().environment()).confined(shown);
    Map<Path, Object> identities = identities(shown);
    Optional<DbtWorker> worker =
        runner.warm(root.resolve(template.root().relativize(template.project())));
    if (worker.isEmpty()) {
      Folders.delete(root);
      return;
    }
    Ahead previous = ahead.getAndSet(new Ahead(root, runner, identities, worker.get()));
    if (previous != null) {
      previous.stop();
    }
  }

  /** Stops the warm dbt started ahead, if any, and removes its folder (at shutdown). */
  void stopAhead() throws IOException {
    Optional<Ahead> previous = claim();
    if (previous.isPresent()) {
      previous.get().stop();
    }
  }

  /** Each file and folder {@code confinement} shows, by its identity on disk (device and inode). */
  private static Map<Path, Object> identities(Confinement confinement) throws IOException {
    Map<Path, Object> identities = new HashMap<>();
    for (Path path : confinement.shown()) {
      identities.put(
          path, Files.readAttributes(path.toRealPath(), BasicFileAttributes.class).fileKey());
    }
    return identities;
  }

  /**
   * The sandbox's warm dbt, or {@code null} when it has none, its worker is gone (killed at a
   * timeout), or a file or folder it shows is no longer the one it was shown (production's file
   * replaced by another at its path: the worker, which would still read the old one, is stopped):
   * the sandbox's invocations then run cold.
   */
  DbtWorker of(Sandbox sandbox) throws IOException {
    DbtWorker worker = bySandbox.get(sandbox.root());
    if (worker != null
        && !identities(sandbox.confine(confinement)).equals(shownTo.get(sandbox.root()))) {
      release(sandbox);
      return null;
    }
    return worker == null || worker.gone() ? null : worker;
  }

  /** Whether the sandbox's warm dbt was the one started ahead. */
  boolean takenAhead(Sandbox sandbox) {
    return takenAhead.contains(sandbox.root());
  }

  /** Stops the sandbox's warm dbt, and whatever it still runs. */
  void release(Sandbox sandbox) throws IOException {
    takenAhead.remove(sandbox.root());
    shownTo.remove(sandbox.root());
    DbtWorker worker = bySandbox.remove(sandbox.root());
    if (worker != null) {
      worker.close();
    }
  }
}
