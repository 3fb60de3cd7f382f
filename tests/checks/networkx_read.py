"""Read a GraphML file with networkx and print the same summary as
igraph_read and graphology_read: node count, edge count, id<TAB>label rows
sorted, total weight."""
import sys
import networkx as nx

g = nx.read_graphml(sys.argv[1])
print(f"nodes {g.number_of_nodes()} edges {g.number_of_edges()}")
for n in sorted(g.nodes):
    print(f"{n}\t{g.nodes[n].get('label')}")
print(f"total weight {sum(d['weight'] for _, _, d in g.edges(data=True)):.0f}")
if len(sys.argv) > 2:   # expected edges: source target weight
    for line in open(sys.argv[2], encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        s, t, w = line.split()
        got = g.edges[s, t]["weight"] if g.has_edge(s, t) else None
        print(f"edge {s} {t} {'ok' if got == float(w) else f'WRONG got {got} want {w}'}")
