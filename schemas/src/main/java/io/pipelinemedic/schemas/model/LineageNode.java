package io.pipelinemedic.schemas.model;

import java.util.List;

/**
 * One node of a failure's lineage slice, from the failing node up to its sources.
 *
 * @param uniqueId dbt unique id
 * @param resourceType model, source, seed, snapshot or test
 * @param layer the node's layer
 * @param relationName database relation as dbt rendered it, when the node has one: for people to
 *     read, never SQL
 * @param relation the relation's parts, which a warehouse quotes to query it
 * @param parents unique ids of this node's parents within the slice
 * @param failing whether this node itself failed or errored in the run
 * @param owner the node's owner ({@code meta.owner}, else its dbt group's), when it has one: the
 *     owner of a source gets the report of a problem that starts there
 */
public record LineageNode(
    String uniqueId,
    String resourceType,
    Layer layer,
    String relationName,
    Relation relation,
    List<String> parents,
    boolean failing,
    Owner owner) {

  public LineageNode {
    parents = Lists.orEmpty(parents);
  }
}
