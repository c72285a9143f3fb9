package io.pipelinemedic.stack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The doctor's check of a DuckDB file a setting names. */
final class DuckDbFile {

  private DuckDbFile() {}

  /** A DuckDB database file: it exists, can be read, and starts with DuckDB's header. */
  static Doctor.Check check(String name, String path, String setting) {
    if (path == null || path.isBlank()) {
      return new Doctor.Check(name, false, "not set: " + setting + " names the DuckDB file");
    }
    Path file = Path.of(path);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      return new Doctor.Check(
          name, false, path + " does not exist or cannot be read: fix " + setting);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] header = in.readNBytes(12);
      boolean duck =
          header.length == 12 && new String(header, 8, 4, StandardCharsets.US_ASCII).equals("DUCK");
      return duck
          ? new Doctor.Check(name, true, path)
          : new Doctor.Check(name, false, path + " is not a DuckDB database: fix " + setting);
    } catch (IOException e) {
      return new Doctor.Check(name, false, path + " cannot be read (" + e.getMessage() + ")");
    }
  }
}
