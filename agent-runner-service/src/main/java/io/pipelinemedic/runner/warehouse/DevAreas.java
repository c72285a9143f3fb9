package io.pipelinemedic.runner.warehouse;

import io.pipelinemedic.schemas.model.Relation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** Makes the dev areas of one warehouse, one per group ({@code medic.runner.warehouse}). */
public interface DevAreas {

  /** What the name of every dev schema or dataset starts with. */
  String PREFIX = "medic_";

  /**
   * A schema (or dataset) name for the sandbox {@code name}: {@code medic_}, its letters and
   * digits, and a hash that keeps two sandboxes apart; short enough for the custom schemas dbt
   * names after it.
   */
  static String name(String name) {
    String plain = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return PREFIX
          + plain.substring(0, Math.min(plain.length(), 24))
          + "_"
          + HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The state a dev area that holds no copy of production defers to.
   *
   * @throws IOException when the run left no manifest, saying so
   */
  static Path deferredTo(Optional<Path> state) throws IOException {
    return state.orElseThrow(
        () ->
            new IOException(
                "the run left no manifest.json: a dev area in the warehouse builds only what it"
                    + " selects and reads the rest from production, which needs the run's"
                    + " manifest"));
  }

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
