"""Read a GEXF 1.3 file with networkx and print a summary: node and edge
counts, each node's id, label, total mentions and spells (sorted), and the
total weight.  Debian's networkx 2.8 knows GEXF 1.1/1.2 only: 1.3 (the same
structure under a new namespace) is registered with its reader first."""
import sys
import networkx as nx
from networkx.readwrite import gexf

d = dict(gexf.GEXF.versions["1.2draft"])
d.update(NS_GEXF="http://gexf.net/1.3", NS_VIZ="http://gexf.net/1.3/viz", VERSION="1.3")
gexf.GEXF.versions["1.3"] = d
g = nx.read_gexf(sys.argv[1], version="1.3")
print(f"nodes {g.number_of_nodes()} edges {g.number_of_edges()} mode {g.graph.get('mode')}")
for n in sorted(g.nodes):
    a = g.nodes[n]
    total = a.get("mentions_total", a.get("mentions"))
    if isinstance(total, list):   # a value without time bounds in a dynamic block
        total = total[0][0]
    per = a.get("mentions") if "mentions_total" in a else []
    spells = a.get("spells", [])
    print(f"{n}\t{a.get('label')}\t{total}\t{sum(v for v, _, _ in per)}\t{' '.join(s for s, _ in spells)}")
print(f"total weight {sum(e.get('weight', 0) for _, _, e in g.edges(data=True)):.0f}")
