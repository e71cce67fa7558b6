"""The exports read by networkx, as an analyst would read them.

The tests start the real server binary (KG_SERVER, default bin/server) on the seeded embedded
store, download GraphML and CSV exports over HTTP and load them with networkx.read_graphml and
Python's csv module. Counts and attributes are compared with what the GraphQL API answers for
the same question, so the tests hold for any seed.
"""

import csv
import io
import json
import os
import subprocess
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import networkx as nx
import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def server():
    binary = os.environ.get("KG_SERVER", str(REPO / "bin" / "server"))
    if not Path(binary).exists():
        pytest.fail(f"no server binary at {binary}: run make export-test, or set KG_SERVER")
    proc = subprocess.Popen(
        [binary, "-addr", "127.0.0.1:0", "-log-format", "json", "-store", "memory"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = None
    lines = []
    for line in proc.stderr:
        lines.append(line)
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if entry.get("msg") == "serving":
            url = "http://" + entry["addr"]
            break
    if url is None:
        proc.kill()
        pytest.fail("the server did not start:\n" + "".join(lines))
    yield url
    proc.terminate()
    proc.wait(timeout=15)


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.read()


def graphql(server, query, variables=None):
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    req = urllib.request.Request(server + "/graphql", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        out = json.load(r)
    assert "errors" not in out, out
    return out["data"]


def read_graphml(server, path, tmp_path):
    file = tmp_path / "export.graphml"
    file.write_bytes(fetch(server + path))
    return nx.read_graphml(file)


def test_whole_graph_loads_with_every_node_and_relation(server, tmp_path):
    stats = graphql(server, "{ stats { nodes { key count } relations { key count } } }")["stats"]
    graph = read_graphml(server, "/export/graph.graphml", tmp_path)
    assert graph.is_directed()
    assert graph.number_of_nodes() == sum(c["count"] for c in stats["nodes"])
    assert graph.number_of_edges() == sum(c["count"] for c in stats["relations"])

    # Nodes by type and relations by type match the API's counts.
    by_type = {}
    for _, data in graph.nodes(data=True):
        by_type[data["type"]] = by_type.get(data["type"], 0) + 1
    assert by_type == {c["key"]: c["count"] for c in stats["nodes"] if c["count"] > 0}
    by_relation = {}
    for _, _, data in graph.edges(data=True):
        by_relation[data["relation"]] = by_relation.get(data["relation"], 0) + 1
    assert by_relation == {c["key"]: c["count"] for c in stats["relations"]}

    # Typed attributes arrive typed; every relation carries its citations.
    gdynia = graph.nodes["Place:gdynia"]
    assert isinstance(gdynia["lat"], float) and isinstance(gdynia["lon"], float)
    assert gdynia["label"] == "Gdynia" and gdynia["type"] == "PLACE"
    for _, _, data in graph.edges(data=True):
        assert data["citations"] and data["cited_sources"].startswith("Source:")


def test_neighbourhood_matches_the_api(server, tmp_path):
    want = graphql(
        server,
        'query($id: ID!) { neighbourhood(id: $id, depth: 2) { nodes { distance node { id name } } relations { id type fromId toId } } }',
        {"id": "Organisation:mops-gdynia"},
    )["neighbourhood"]
    graph = read_graphml(server, "/export/neighbourhood.graphml?id=mops-gdynia&depth=2", tmp_path)
    assert set(graph.nodes) == {n["node"]["id"] for n in want["nodes"]}
    for n in want["nodes"]:
        data = graph.nodes[n["node"]["id"]]
        assert data["distance"] == n["distance"] and isinstance(data["distance"], int)
        assert data["label"] == n["node"]["name"]
    edges = {(u, v, d["relation"]) for u, v, d in graph.edges(data=True)}
    assert edges == {(r["fromId"], r["toId"], r["type"]) for r in want["relations"]}


def test_paths_are_paths_in_the_export(server, tmp_path):
    paths = graphql(
        server,
        'query { path(from: "mops-gdynia", to: "rops-olsztyn", maxHops: 4, first: 5) { nodes { length nodes { id } } } }',
    )["path"]["nodes"]
    assert paths, "the seed connects MOPS Gdynia and ROPS Olsztyn"
    graph = read_graphml(server, "/export/path.graphml?from=mops-gdynia&to=rops-olsztyn&maxHops=4&first=5", tmp_path)
    undirected = graph.to_undirected(as_view=True)
    assert nx.shortest_path_length(undirected, "Organisation:mops-gdynia", "Organisation:rops-olsztyn") == paths[0]["length"]
    for p in paths:
        ids = [n["id"] for n in p["nodes"]]
        assert nx.is_path(undirected, ids), ids
    # Each relation lists which of the numbered paths use it.
    numbers = {int(x) for _, _, d in graph.edges(data=True) for x in d["paths"].split("; ")}
    assert numbers == set(range(1, len(paths) + 1))


def test_csv_zip_agrees_with_graphml(server, tmp_path):
    graph = read_graphml(server, "/export/neighbourhood.graphml?id=wtz-gebice&depth=2", tmp_path)
    archive = zipfile.ZipFile(io.BytesIO(fetch(server + "/export/neighbourhood.zip?id=wtz-gebice&depth=2")))
    assert sorted(archive.namelist()) == ["neighbourhood-wtz-gebice.edges.csv", "neighbourhood-wtz-gebice.nodes.csv"]
    nodes = list(csv.DictReader(io.TextIOWrapper(archive.open("neighbourhood-wtz-gebice.nodes.csv"), encoding="utf-8")))
    edges = list(csv.DictReader(io.TextIOWrapper(archive.open("neighbourhood-wtz-gebice.edges.csv"), encoding="utf-8")))
    assert {n["id"] for n in nodes} == set(graph.nodes)
    assert {(e["source"], e["target"], e["relation"]) for e in edges} == {
        (u, v, d["relation"]) for u, v, d in graph.edges(data=True)
    }
    # networkx can build the same graph from the CSV files.
    from_csv = nx.DiGraph()
    from_csv.add_nodes_from(n["id"] for n in nodes)
    from_csv.add_edges_from((e["source"], e["target"]) for e in edges)
    assert nx.is_isomorphic(from_csv, nx.DiGraph(graph))


def test_bad_parameters_get_a_stable_code(server):
    with pytest.raises(urllib.error.HTTPError) as e:
        fetch(server + "/export/neighbourhood.graphml?" + urllib.parse.urlencode({"id": "wtz-gebice", "depth": "9"}))
    assert e.value.code == 400
    body = json.load(e.value)
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "parameter": "depth"}
