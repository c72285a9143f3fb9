package io.pipelinemedic.artifacts;

import io.pipelinemedic.schemas.model.Owner;
import java.util.Map;
import java.util.Optional;

/**
 * The compact index of a {@code manifest.json} (v9 to v12): every model, seed, snapshot and source
 * with its parents, the tests asked for, and the groups' owners.
 *
 * @param nodes nodes and sources by unique id
 * @param groupOwners owner of each dbt group, by group name
 */
public record Manifest(Map<String, ManifestNode> nodes, Map<String, Owner> groupOwners) {

  public Optional<ManifestNode> node(String uniqueId) {
    return Optional.ofNullable(nodes.get(uniqueId));
  }

  /** The node's owner: its {@code meta.owner}, else the owner of its group. */
  public Optional<Owner> ownerOf(ManifestNode node) {
    if (node.owner() != null) {
      return Optional.of(new Owner(node.owner().name(), node.owner().email(), node.group()));
    }
    Owner owner = node.group() == null ? null : groupOwners.get(node.group());
    return Optional.ofNullable(owner).map(o -> new Owner(o.name(), o.email(), node.group()));
  }
}
