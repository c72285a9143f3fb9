package io.pipelinemedic.publisher.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.pipelinemedic.publisher.record.TimelineRow;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.service.ArtifactStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** An incident's text artifacts for the page, as plain text a browser neither sniffs nor runs. */
@ApplicationScoped
public class IncidentArtifacts {

  /** The largest artifact the page shows; a larger one is read in the artifact store. */
  static final long MAX_BYTES = 4L << 20;

  @Inject ArtifactStore store;

  /**
   * The artifact at {@code uri} of the incident whose events are {@code timeline}: only a URI one
   * of its events names, and only a regular file whose real path (every link followed) lies in the
   * incident's folder of the artifact store.
   */
  public Response text(String incidentId, String uri, List<TimelineRow> timeline) {
    if (timeline.isEmpty()) {
      return answer(Response.Status.NOT_FOUND, "no incident " + incidentId);
    }
    if (uri == null || uri.isBlank()) {
      return answer(Response.Status.BAD_REQUEST, "uri is required: the artifact's file:// URI");
    }
    if (timeline.stream().noneMatch(row -> row.event.contains(quoted(uri)))) {
      return answer(
          Response.Status.BAD_REQUEST, "no event of " + incidentId + " names that artifact");
    }
    try {
      Path real = store.stored(incidentId, new ArtifactRef(null, uri, null, null)).toRealPath();
      if (!real.startsWith(store.folder(incidentId).toRealPath()) || !Files.isRegularFile(real)) {
        return answer(Response.Status.BAD_REQUEST, "not a file of " + incidentId + "'s artifacts");
      }
      if (Files.size(real) > MAX_BYTES) {
        return answer(
            Response.Status.REQUEST_ENTITY_TOO_LARGE,
            "larger than " + MAX_BYTES + " bytes: read it in the artifact store");
      }
      return Response.ok(Files.readAllBytes(real), MediaType.TEXT_PLAIN + ";charset=utf-8")
          .header("Content-Security-Policy", "sandbox; default-src 'none'")
          .build();
    } catch (IllegalArgumentException e) {
      return answer(Response.Status.BAD_REQUEST, e.getMessage());
    } catch (NoSuchFileException e) {
      return answer(Response.Status.NOT_FOUND, "no artifact " + uri);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Response answer(Response.Status status, String reason) {
    return Response.status(status).type(MediaType.TEXT_PLAIN).entity(reason + "\n").build();
  }

  private static String quoted(String uri) {
    try {
      return EventJson.mapper().writeValueAsString(uri);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
