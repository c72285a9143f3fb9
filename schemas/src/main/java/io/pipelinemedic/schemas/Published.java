package io.pipelinemedic.schemas;

import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.Links;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.PublicationKind;

/**
 * {@code published}: an outcome reached people, with every link; routed by owner and team.
 *
 * @param envelope common envelope
 * @param groupId the root-cause group, absent for incident-wide notices
 * @param kind what was published
 * @param failureClass class of the group or incident
 * @param summary one line saying what happened
 * @param owner owner it was routed to
 * @param team team it was routed to (also the {@code medic_team} header)
 * @param links where to find it
 */
public record Published(
    Envelope envelope,
    String groupId,
    PublicationKind kind,
    FailureClass failureClass,
    String summary,
    Owner owner,
    String team,
    Links links)
    implements PipelineEvent {}
