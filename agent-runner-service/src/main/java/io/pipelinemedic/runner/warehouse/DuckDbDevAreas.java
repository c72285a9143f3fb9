package io.pipelinemedic.runner.warehouse;

import io.pipelinemedic.schemas.model.Relation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The dev areas of a team whose production is a DuckDB file: deferred to production attached
 * read-only ({@link DuckDbDevArea#deferred}), or a copy of the file when the run left no state to
 * defer to or the file is smaller than {@code copyBelowBytes}.
 *
 * @param production the production file, never written
 * @param attachments other production databases the models read, attached read-only
 * @param copyBelowBytes production files smaller than this are copied rather than deferred to
 */
public record DuckDbDevAreas(Path production, Map<String, Path> attachments, long copyBelowBytes)
    implements DevAreas {

  public DuckDbDevAreas {
    attachments = Map.copyOf(attachments);
  }

  @Override
  public DevArea create(String name, Path folder, Optional<Path> state) throws IOException {
    if (state.isEmpty() || Files.size(production) < copyBelowBytes) {
      return DuckDbDevArea.copy(folder, production, attachments);
    }
    return DuckDbDevArea.deferred(folder, production, attachments, state.get());
  }

  /** Production's catalog, or an attachment's. */
  @Override
  public boolean isProduction(Relation relation) {
    return relation.database() == null
        || relation.database().equals(DuckDbDevArea.catalog(production))
        || attachments.containsKey(relation.database());
  }

  @Override
  public void drop(String name) {
    // the dev file is in the sandbox's folder
  }
}
