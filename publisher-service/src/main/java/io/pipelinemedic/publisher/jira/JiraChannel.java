package io.pipelinemedic.publisher.jira;

import io.pipelinemedic.publisher.config.PublisherConfig;
import io.pipelinemedic.publisher.publication.ChannelHttp;
import io.pipelinemedic.publisher.publication.OutcomeChannel;
import io.pipelinemedic.publisher.publication.Remark;
import io.pipelinemedic.schemas.SourceReported;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Optional;

/**
 * Jira tickets as an outcome channel, the client built at start-up from {@code
 * medic.publisher.jira}; off without a site, an account and a token. A root cause has one ticket:
 * its first report opens it, later reports comment on it. The receipt is the ticket.
 */
@Singleton
public class JiraChannel implements OutcomeChannel<JiraTickets.Ticket> {

  private final JiraTickets tickets;

  JiraChannel(PublisherConfig config, ChannelHttp http) {
    PublisherConfig.Jira jira = config.jira();
    tickets =
        jira.url().isPresent() && jira.email().isPresent() && jira.token().isPresent()
            ? new JiraTickets(
                http,
                jira.url().get(),
                jira.email().get(),
                jira.token().get(),
                jira.project(),
                jira.issueType(),
                jira.labels())
            : null;
  }

  /** Whether Jira is configured. */
  public boolean on() {
    return tickets != null;
  }

  /** Opens a ticket for {@code report}, or comments on the root cause's {@code earlier} one. */
  public JiraTickets.Ticket ticket(
      SourceReported report, String incidentUrl, Optional<JiraTickets.Ticket> earlier)
      throws IOException {
    return earlier.isPresent()
        ? tickets.comment(earlier.get().key(), report, incidentUrl)
        : tickets.open(report, incidentUrl);
  }

  /** Comments {@code text} on the ticket {@code key}. */
  public Remark remark(String key, String text) throws IOException {
    tickets.remark(key, text);
    return new Remark(key, "commented");
  }

  /** Moves the ticket {@code key} to a done status where its workflow allows. */
  public Remark moveToDone(String key) throws IOException {
    return new Remark(key, tickets.moveToDone(key));
  }

  @Override
  public String name() {
    return "jira";
  }

  @Override
  public String link(JiraTickets.Ticket receipt) {
    return receipt.key();
  }

  @Override
  public String detail(JiraTickets.Ticket receipt) {
    return receipt.url();
  }

  @Override
  public JiraTickets.Ticket receipt(String link, String detail) {
    return new JiraTickets.Ticket(link, detail);
  }
}
