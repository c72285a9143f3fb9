package io.pipelinemedic.publisher.rest;

import io.pipelinemedic.publisher.record.IncidentFigures;
import io.pipelinemedic.publisher.record.IncidentFilter;
import io.pipelinemedic.publisher.record.IncidentList;
import io.pipelinemedic.publisher.record.IncidentRecord;
import io.pipelinemedic.publisher.record.IncidentRow;
import io.pipelinemedic.publisher.record.PublicationRow;
import io.pipelinemedic.publisher.record.TimelineRow;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The incident record over HTTP: the list with filters, one incident with its timeline, figures.
 */
@Path("/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {

  /** An incident, what happened to it in order, and what reached people (links, email drafts). */
  public record IncidentView(
      IncidentRow incident, List<TimelineRow> timeline, List<PublicationRow> publications) {}

  @Inject IncidentRecord incidents;

  @Inject IncidentFigures figures;

  /** The filters of the list and its figures, as the page's address keeps them. */
  public static class Filter {
    @QueryParam("job")
    String job;

    @QueryParam("status")
    String status;

    @QueryParam("class")
    String failureClass;

    @QueryParam("owner")
    String owner;

    @QueryParam("from")
    String from;

    @QueryParam("to")
    String to;

    IncidentFilter parsed() {
      return new IncidentFilter(
          blankless(job),
          blankless(status),
          blankless(failureClass),
          blankless(owner),
          instant("from", from),
          instant("to", to));
    }
  }

  @Inject IncidentArtifacts artifacts;

  @Inject IncidentList list;

  @GET
  public Uni<List<IncidentRow>> list(
      @BeanParam Filter filter, @QueryParam("limit") @DefaultValue("100") int limit) {
    if (limit < 1 || limit > 1000) {
      throw new BadRequestException("limit must be between 1 and 1000");
    }
    return list.list(filter.parsed(), limit);
  }

  /** What the list's filters offer: the jobs and owners the incidents have. */
  @GET
  @Path("/facets")
  public Uni<IncidentList.Facets> facets() {
    return list.facets();
  }

  @GET
  @Path("/summary")
  public Uni<IncidentFigures.Summary> summary(@BeanParam Filter filter) {
    return figures.summary(filter.parsed());
  }

  /**
   * A text artifact of the incident (a fix's diff, an agent's transcript, a report) named by the
   * {@code file://} URI an event of the incident gave, as plain text the browser never runs.
   */
  @GET
  @Path("/{id}/artifact")
  @Produces(MediaType.TEXT_PLAIN)
  public Uni<Response> artifact(@PathParam("id") String id, @QueryParam("uri") String uri) {
    return incidents
        .timeline(id)
        .emitOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
        .map(timeline -> artifacts.text(id, uri, timeline));
  }

  @GET
  @Path("/{id}")
  public Uni<IncidentView> incident(@PathParam("id") String id) {
    return incidents
        .incident(id)
        .flatMap(
            incident -> {
              if (incident == null) {
                throw new NotFoundException("no incident " + id);
              }
              return incidents
                  .timeline(id)
                  .flatMap(
                      timeline ->
                          incidents
                              .publications(id)
                              .map(sent -> new IncidentView(incident, timeline, sent)));
            });
  }

  private static String blankless(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadRequestException(name + " is not an ISO-8601 instant: " + value);
    }
  }
}
