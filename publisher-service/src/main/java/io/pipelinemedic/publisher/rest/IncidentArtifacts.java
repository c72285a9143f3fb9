package io.pipelinemedic.publisher.rest;

import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.service.ArtifactStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * An incident's text artifacts for the page: only a regular file inside the incident's own folder
 * of the artifact store (a URI from an event is read, never trusted; a link is not followed), at
 * most {@link #MAX_BYTES}, served as plain text that a browser neither sniffs nor runs.
 */
@ApplicationScoped
public class IncidentArtifacts {

  /** The largest artifact the page shows; a larger one is read in the artifact store. */
  static final long MAX_BYTES = 4L << 20;

  @Inject ArtifactStore store;

  /** The artifact at {@code uri} of incident {@code incidentId}. */
  public Response text(String incidentId, String uri) {
    if (uri == null || uri.isBlank()) {
      throw new BadRequestException("uri is required: the artifact's file:// URI");
    }
    Path file;
    try {
      file = store.stored(incidentId, new ArtifactRef(null, uri, null, null));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    }
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isRegularFile()) {
        throw new NotFoundException("no artifact " + uri);
      }
      if (attributes.size() > MAX_BYTES) {
        return Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE)
            .type(MediaType.TEXT_PLAIN)
            .entity("larger than " + MAX_BYTES + " bytes: read it in the artifact store\n")
            .build();
      }
      return Response.ok(Files.readAllBytes(file), MediaType.TEXT_PLAIN + ";charset=utf-8")
          .header("X-Content-Type-Options", "nosniff")
          .header("Content-Security-Policy", "sandbox; default-src 'none'")
          .build();
    } catch (java.nio.file.NoSuchFileException e) {
      throw new NotFoundException("no artifact " + uri);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
