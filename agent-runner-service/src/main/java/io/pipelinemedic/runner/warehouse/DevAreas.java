package io.pipelinemedic.runner.warehouse;

import io.pipelinemedic.schemas.model.Relation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Makes the dev areas of one warehouse, one per group ({@code medic.runner.warehouse}). */
public interface DevAreas {

  /**
   * A new, empty dev area named after {@code name} (unique per sandbox).
   *
   * @param folder the sandbox's folder for the area's files
   * @param state the folder of the failed run's production manifest ({@link StateManifest}), when
   *     the run wrote one
   */
  DevArea create(String name, Path folder, Optional<Path> state) throws IOException;

  /**
   * Whether {@code relation} is production's, where a deferred build may read: never a dev area's,
   * whatever an uploaded manifest says.
   */
  boolean isProduction(Relation relation);

  /**
   * Removes what the area {@code name} left in the warehouse, for a kept sandbox that is swept (its
   * files go with the sandbox's folder).
   */
  void drop(String name) throws IOException;
}
