"""The Python peer of the extraction benchmark: the same failure extraction as dbt-artifacts'
FailureExtractor (failing nodes, subject, lineage up to the sources, owner), done the way most
dbt tooling does it, with json.load of the whole artifacts.

usage: extract_failures.py RUN_RESULTS MANIFEST  -> prints "<failures> <lineage nodes> <max RSS MiB>"
"""
import json
import resource
import sys
from collections import deque


def extract(run_results_path, manifest_path):
    with open(run_results_path) as f:
        run_results = json.load(f)
    with open(manifest_path) as f:
        manifest = json.load(f)
    nodes = dict(manifest["nodes"])
    nodes.update(manifest["sources"])
    groups = {g["name"]: g.get("owner") for g in manifest.get("groups", {}).values()}
    failures = []
    for result in run_results["results"]:
        if result["status"] not in ("fail", "error", "runtime error"):
            continue
        node = nodes.get(result["unique_id"], {})
        subject = node.get("attached_node") or (node.get("depends_on", {}).get("nodes") or [result["unique_id"]])[0]
        lineage, seen, queue = [], {subject}, deque([subject])
        while queue:
            current = nodes.get(queue.popleft())
            if current is None:
                continue
            lineage.append(current.get("unique_id"))
            for parent in current.get("depends_on", {}).get("nodes", []):
                if parent not in seen:
                    seen.add(parent)
                    queue.append(parent)
        owner_node = nodes.get(subject, {})
        owner = owner_node.get("meta", {}).get("owner") or groups.get(owner_node.get("group"))
        failures.append((result["unique_id"], lineage, owner))
    return failures


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    found = extract(sys.argv[1], sys.argv[2])
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(len(found), sum(len(lineage) for _, lineage, _ in found), round(rss_mib))
