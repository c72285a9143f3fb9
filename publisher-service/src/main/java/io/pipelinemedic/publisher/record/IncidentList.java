package io.pipelinemedic.publisher.record;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The incident list: the incidents a filter covers, and the jobs and owners a filter offers. */
@ApplicationScoped
public class IncidentList {

  /** The incidents, newest first, filtered by what is given. */
  public Uni<List<IncidentRow>> list(IncidentFilter filter, int limit) {
    StringBuilder query = new StringBuilder("1 = 1");
    Map<String, Object> parameters = new HashMap<>();
    String status = filter.status();
    String failureClass = filter.failureClass();
    String owner = filter.owner();
    Instant from = filter.from();
    Instant to = filter.to();
    if (filter.job() != null) {
      query.append(" and jobName = :job");
      parameters.put("job", filter.job());
    }
    if (status != null) {
      query.append(" and status = :status");
      parameters.put("status", status);
    }
    if (failureClass != null) {
      query.append(" and failureClass = :failureClass");
      parameters.put("failureClass", failureClass);
    }
    if (owner != null) {
      query.append(" and owner = :owner");
      parameters.put("owner", owner);
    }
    if (from != null) {
      query.append(" and receivedAt >= :from");
      parameters.put("from", from);
    }
    if (to != null) {
      query.append(" and receivedAt < :to");
      parameters.put("to", to);
    }
    query.append(" order by receivedAt desc");
    return Panache.withSession(
        () -> IncidentRow.<IncidentRow>find(query.toString(), parameters).page(0, limit).list());
  }

  /**
   * What the list's filters offer: every job and owner an incident has, in order.
   *
   * @param jobs the jobs' names
   * @param owners the owners' names
   */
  public record Facets(List<String> jobs, List<String> owners) {}

  /** The jobs and owners of the incidents. */
  public Uni<Facets> facets() {
    return Panache.withSession(
        () ->
            distinct("jobName")
                .flatMap(jobs -> distinct("owner").map(owners -> new Facets(jobs, owners))));
  }

  private static Uni<List<String>> distinct(String field) {
    return Panache.getSession()
        .flatMap(
            session ->
                session
                    .createQuery(
                        "select distinct "
                            + field
                            + " from IncidentRow where "
                            + field
                            + " is not null order by "
                            + field,
                        String.class)
                    .getResultList());
  }
}
