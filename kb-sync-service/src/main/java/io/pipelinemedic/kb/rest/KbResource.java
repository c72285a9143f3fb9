package io.pipelinemedic.kb.rest;

import io.pipelinemedic.kb.entry.KbMatcher;
import io.pipelinemedic.kb.store.CursorRow;
import io.pipelinemedic.kb.store.EntryVersionRow;
import io.pipelinemedic.kb.store.KbStore;
import io.pipelinemedic.kb.store.ProblemRow;
import io.pipelinemedic.kb.sync.KbSync;
import io.pipelinemedic.kb.sync.SyncReport;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.KbEntry;
import io.pipelinemedic.schemas.model.KbMatch;
import io.pipelinemedic.schemas.model.KbSource;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The KB over HTTP: entries and their versions, syncs and their state, and matching. */
@Path("/kb")
@Produces(MediaType.APPLICATION_JSON)
public class KbResource {

  @Inject KbStore store;
  @Inject KbSync sync;

  /**
   * One version of an entry.
   *
   * @param version version number
   * @param deleted whether this version deleted the entry
   * @param recordedAt when it was stored
   * @param entry the entry as published, absent for a deletion
   */
  public record Version(int version, boolean deleted, Instant recordedAt, KbEntry entry) {}

  /**
   * The state of one source.
   *
   * @param source the source
   * @param configured whether it is configured
   * @param cursor where the next incremental sync starts
   * @param lastFullSyncAt when it was last read in full
   * @param lastSyncAt when it was last synced
   */
  public record SourceState(
      KbSource source,
      boolean configured,
      String cursor,
      Instant lastFullSyncAt,
      Instant lastSyncAt) {}

  /**
   * An entry that is not published as written.
   *
   * @param entryId entry id
   * @param source where it is kept
   * @param sourceRef file or page
   * @param problems what is wrong
   * @param detectedAt when the last sync found it
   */
  public record Problem(
      String entryId,
      KbSource source,
      String sourceRef,
      List<String> problems,
      Instant detectedAt) {}

  /**
   * The answer of {@code GET /kb/sync}.
   *
   * @param sources each source's state
   * @param invalid entries that are not published as written
   */
  public record SyncState(List<SourceState> sources, List<Problem> invalid) {}

  /**
   * The answer of {@code GET /kb/match}.
   *
   * @param matches entries whose rules match, with the criterion that decided
   */
  public record MatchResult(List<KbMatch> matches) {}

  /** The current entries; {@code source} and {@code class} filter. */
  @GET
  @Path("/entries")
  public Uni<List<KbEntry>> entries(
      @QueryParam("source") KbSource source, @QueryParam("class") FailureClass failureClass) {
    return store
        .entries()
        .map(
            entries ->
                entries.stream()
                    .filter(entry -> source == null || entry.source() == source)
                    .filter(entry -> failureClass == null || entry.failureClass() == failureClass)
                    .toList());
  }

  /** Every version of an entry, oldest first, a deletion included. */
  @GET
  @Path("/entries/{id: .+?}/versions")
  public Uni<Response> versions(@PathParam("id") String id) {
    return store
        .versions(id)
        .map(
            rows ->
                rows.isEmpty()
                    ? notFound("no KB entry " + id)
                    : Response.ok(rows.stream().map(KbResource::version).toList()).build());
  }

  /** One entry's current version. */
  @GET
  @Path("/entries/{id: .+}")
  public Uni<Response> entry(@PathParam("id") String id) {
    return store
        .entry(id)
        .map(entry -> entry == null ? notFound("no KB entry " + id) : Response.ok(entry).build());
  }

  /** Syncs one source, or every configured one; answers with what each sync did. */
  @POST
  @Path("/sync")
  @Blocking
  public Response sync(@QueryParam("source") String source, @QueryParam("full") boolean full) {
    List<KbSource> sources;
    if (source == null || source.isBlank()) {
      sources = sync.configuredSources();
    } else {
      try {
        sources = List.of(KbSource.valueOf(source.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        return error(Response.Status.BAD_REQUEST, "source must be notion or git, not " + source);
      }
    }
    List<SyncReport> reports = new ArrayList<>();
    for (KbSource each : sources) {
      try {
        reports.add(sync.sync(each, full));
      } catch (KbSync.Busy | KbSync.NotConfigured e) {
        return error(Response.Status.CONFLICT, e.getMessage());
      } catch (IOException e) {
        return error(Response.Status.BAD_GATEWAY, each + " sync failed: " + e.getMessage());
      }
    }
    return Response.ok(reports).build();
  }

  /** Each source's cursor and the entries that could not be published. */
  @GET
  @Path("/sync")
  public Uni<SyncState> syncState() {
    return store
        .cursors()
        .flatMap(cursors -> store.problems().map(problems -> syncState(cursors, problems)));
  }

  /**
   * The entries that match a failure, by the rules the pipeline uses: {@code uniqueId} (the failing
   * node), {@code testName} (the generic test), {@code name} (the node name), {@code attachedNode}
   * (the tested model or source), {@code message}.
   */
  @GET
  @Path("/match")
  public Uni<Response> match(
      @QueryParam("uniqueId") String uniqueId,
      @QueryParam("testName") String testName,
      @QueryParam("name") String name,
      @QueryParam("attachedNode") String attachedNode,
      @QueryParam("message") String message) {
    if (uniqueId == null && testName == null && name == null && message == null) {
      return Uni.createFrom()
          .item(
              error(
                  Response.Status.BAD_REQUEST,
                  "give at least one of uniqueId, testName, name or message"));
    }
    KbMatcher.Subject subject =
        new KbMatcher.Subject(uniqueId, testName, name, attachedNode, message);
    return store
        .entries()
        .map(entries -> Response.ok(new MatchResult(KbMatcher.matches(entries, subject))).build());
  }

  private SyncState syncState(List<CursorRow> cursors, List<ProblemRow> problems) {
    List<KbSource> configured = sync.configuredSources();
    List<SourceState> sources = new ArrayList<>();
    for (KbSource source : KbSource.values()) {
      Optional<CursorRow> cursor =
          cursors.stream().filter(row -> row.source.equals(source.name())).findFirst();
      sources.add(
          new SourceState(
              source,
              configured.contains(source),
              cursor.map(row -> row.position).orElse(null),
              cursor.map(row -> row.lastFullSyncAt).orElse(null),
              cursor.map(row -> row.updatedAt).orElse(null)));
    }
    List<Problem> invalid =
        problems.stream()
            .map(
                row ->
                    new Problem(
                        row.entryId,
                        KbSource.valueOf(row.source),
                        row.sourceRef,
                        List.of(row.problems.split("\n")),
                        row.detectedAt))
            .toList();
    return new SyncState(sources, invalid);
  }

  private static Version version(EntryVersionRow row) {
    return new Version(
        row.version,
        row.deleted,
        row.recordedAt,
        row.document == null ? null : KbStore.entryOf(row.document));
  }

  private static Response notFound(String message) {
    return error(Response.Status.NOT_FOUND, message);
  }

  private static Response error(Response.Status status, String message) {
    return Response.status(status).entity(Map.of("error", message)).build();
  }
}
