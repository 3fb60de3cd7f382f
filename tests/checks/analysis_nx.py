#!/usr/bin/python3
"""analysis_nx.py - check the centralities and the community attributes entgraph writes
(spec: issue 13) against independent computations, with networkx 2.8 (pure Python
only: numpy/scipy are not needed).

  analysis_nx.py GRAPHML [--resolution R] [--community leiden|louvain|none]
                 [--pagerank-tol REL[,ABS]] [--eigenvector-tol REL[,ABS]] [-v]
  analysis_nx.py --self-test

Checked, per node: degree, strength (sum of weights), pagerank, betweenness,
eigenvector, coreness; and community (numbered 0.. by first appearance in node-id
order, bytewise) with the graph attribute `modularity` (unless --community none).
Every number in the file must be finite.  Exit 0 with "ok: ...", 1 on a mismatch (the
first few are printed), 2 when the file cannot be checked.

How each reference is computed:
  degree, strength   from the edges (math.fsum);
  pagerank           own power iteration (damping 0.85, weight-proportional transitions,
                     dangling nodes jump uniformly, as igraph PRPACK and networkx do) to a
                     change < 1e-16 (L1); cross-checked against networkx's
                     _pagerank_python in --self-test.  Tolerance: 1e-9 relative below 128
                     nodes (PRPACK solves those by Gaussian elimination); from 128 nodes
                     PRPACK iterates (Gauss-Seidel, stopping at an L1 change of 1e-10), so
                     1e-9 relative or 1e-9 absolute is accepted;
  betweenness        own Brandes (Dijkstra, edge length 1/weight, ties when path lengths
                     are within 1e-10 relative, as the spec says); networkx's
                     betweenness_centrality compares lengths exactly and would differ on
                     such ties (--self-test shows a case); unordered pairs once;
  eigenvector        per connected component, power iteration on A + cI (c = half the
                     component's largest strength, so bipartite components converge) to
                     1e-15, eigenvalue by the Rayleigh quotient; the component with the
                     largest eigenvalue (ties within 1e-9 relative: the one holding the
                     smallest id) is scaled to max 1, every other node is 0; no edge: all 0;
  coreness           networkx.core_number (unweighted);
  modularity         networkx.community.modularity(weight='weight', resolution=R) of the
                     partition written in `community`; a graph without edges: 0 (the spec
                     does not say; networkx divides by zero and igraph gives NaN).
"""
import argparse
import heapq
import math
import sys

REL = 1e-9
ABS = 1e-12
MAX_SHOWN = 12


def bkey(s):
    return s.encode('utf-8', 'surrogateescape')


def close(a, b, rel=REL, abs_tol=ABS):
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_tol)


# ---------------------------------------------------------------------------
# references

def adjacency(G):
    """{v: [(w, weight)]} in node-id order, weights as floats."""
    adj = {v: [] for v in G.nodes}
    for u, v, d in G.edges(data=True):
        w = float(d['weight'])
        adj[u].append((v, w))
        adj[v].append((u, w))
    return adj


def pagerank(adj, damping=0.85, tol=1e-16, max_iter=100000):
    nodes = sorted(adj, key=bkey)
    n = len(nodes)
    if n == 0:
        return {}, 0
    s = {v: math.fsum(w for _, w in adj[v]) for v in nodes}
    x = {v: 1.0 / n for v in nodes}
    for it in range(1, max_iter + 1):
        dangling = math.fsum(x[v] for v in nodes if s[v] == 0)
        base = (1.0 - damping) / n + damping * dangling / n
        y = {}
        for v in nodes:
            y[v] = base + damping * math.fsum(x[u] * w / s[u] for u, w in adj[v])
        tot = math.fsum(y.values())
        y = {v: y[v] / tot for v in nodes}
        err = math.fsum(abs(y[v] - x[v]) for v in nodes)
        x = y
        if err < tol * n:
            return x, it
    return x, -1


def betweenness(adj, eps=1e-10, exact=False):
    """Brandes on lengths 1/weight; lengths within eps (relative) are equal.
    exact=True: rational lengths (weights must be ints or Fractions), exact ties."""
    if exact:
        from fractions import Fraction
        one, zero = Fraction(1), Fraction(0)
    else:
        one, zero = 1.0, 0.0
    nodes = sorted(adj, key=bkey)
    bc = {v: 0.0 for v in nodes}
    for s in nodes:
        dist = {s: zero}
        sigma = {s: 1}
        preds = {s: []}
        order = []
        done = set()
        heap = [(zero, 0, s)]
        cnt = 1
        while heap:
            d, _, v = heapq.heappop(heap)
            if v in done or d != dist[v]:
                continue
            done.add(v)
            order.append(v)
            for w, wt in adj[v]:
                alt = d + one / wt
                if w not in dist:
                    dist[w], sigma[w], preds[w] = alt, sigma[v], [v]
                    heapq.heappush(heap, (alt, cnt, w))
                    cnt += 1
                    continue
                cur = dist[w]
                if alt == cur or (not exact and abs(alt - cur) <= eps * max(alt, cur)):
                    sigma[w] += sigma[v]
                    preds[w].append(v)
                elif alt < cur:
                    dist[w], sigma[w], preds[w] = alt, sigma[v], [v]
                    heapq.heappush(heap, (alt, cnt, w))
                    cnt += 1
        delta = {v: 0.0 for v in order}
        for w in reversed(order):
            for v in preds[w]:
                delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
            if w != s:
                bc[w] += delta[w]
    return {v: float(b) / 2.0 for v, b in bc.items()}


def components(adj):
    seen = set()
    out = []
    for v in sorted(adj, key=bkey):
        if v in seen:
            continue
        comp = [v]
        seen.add(v)
        stack = [v]
        while stack:
            u = stack.pop()
            for w, _ in adj[u]:
                if w not in seen:
                    seen.add(w)
                    comp.append(w)
                    stack.append(w)
        out.append(sorted(comp, key=bkey))
    return out


def principal(adj, comp, tol=1e-15, max_iter=200000):
    """-> (eigenvalue, {v: x_v scaled to max 1}, iterations or -1)."""
    if len(comp) == 1:
        return 0.0, {comp[0]: 1.0}, 0
    strength = {v: math.fsum(w for _, w in adj[v]) for v in comp}
    c = max(strength.values()) / 2.0
    x = dict(strength)
    m = max(x.values())
    x = {v: x[v] / m for v in comp}
    it = -1
    for k in range(1, max_iter + 1):
        y = {v: c * x[v] + math.fsum(x[u] * w for u, w in adj[v]) for v in comp}
        m = max(y.values())
        y = {v: y[v] / m for v in comp}
        err = max(abs(y[v] - x[v]) for v in comp)
        x = y
        if err < tol:
            it = k
            break
    num = math.fsum(x[v] * math.fsum(x[u] * w for u, w in adj[v]) for v in comp)
    den = math.fsum(x[v] * x[v] for v in comp)
    return num / den, x, it


def eigenvector(adj, tie=1e-9):
    """-> ({v: centrality}, notes)."""
    notes = []
    ev = {v: 0.0 for v in adj}
    comps = [c for c in components(adj) if len(c) > 1]
    if not comps:
        return ev, notes
    res = []
    for c in comps:
        lam, x, it = principal(adj, c)
        if it < 0:
            notes.append('eigenvector: the power iteration did not reach 1e-15 on the '
                         'component of %s' % c[0])
        res.append((lam, c, x))
    top = max(r[0] for r in res)
    tied = [r for r in res if top - r[0] <= tie * top]
    if len(tied) > 1:
        notes.append('eigenvector: %d components tie at eigenvalue %r: the one holding %s'
                     % (len(tied), top, min((r[1][0] for r in tied), key=bkey)))
    lam, c, x = min(tied, key=lambda r: bkey(r[1][0]))
    for v in c:
        ev[v] = x[v]
    return ev, notes


# ---------------------------------------------------------------------------

def check(path, resolution=1.0, community='leiden', pr_tol=None, eig_tol=None):
    import networkx as nx
    G = nx.read_graphml(path)
    if G.is_directed() or G.is_multigraph():
        return ['the graph is not a simple undirected graph'], [], G
    mism, notes = [], []

    def finite(where, d):
        for k, v in d.items():
            if isinstance(v, float) and not math.isfinite(v):
                mism.append('%s %s = %r' % (where, k, v))
    finite('graph', G.graph)
    for v, d in G.nodes(data=True):
        finite('node %s' % v, d)
    for u, v, d in G.edges(data=True):
        finite('edge %s-%s' % (u, v), d)
        if 'weight' not in d or not d['weight'] > 0:
            mism.append('edge %s-%s: weight %r (must be > 0)' % (u, v, d.get('weight')))
    if mism:
        return mism, notes, G
    adj = adjacency(G)
    nodes = sorted(G.nodes, key=bkey)
    n = len(nodes)
    required = ['degree', 'strength', 'pagerank', 'betweenness', 'eigenvector', 'coreness']
    if community != 'none':
        required.append('community')
    for v in nodes:
        missing = [k for k in required if k not in G.nodes[v]]
        if missing:
            mism.append('node %s: no %s' % (v, ','.join(missing)))
    if community == 'none':
        if 'modularity' in G.graph or any('community' in G.nodes[v] for v in nodes):
            mism.append('--community none, but community/modularity written')
    elif 'modularity' not in G.graph:
        mism.append('graph attribute modularity missing')
    if mism:
        return mism, notes, G

    if pr_tol is None:
        pr_tol = (REL, ABS) if n < 128 else (REL, 1e-9)
    if eig_tol is None:
        eig_tol = (REL, ABS)
    pr, it = pagerank(adj)
    if it < 0:
        notes.append('pagerank: the power iteration did not converge')
    bt = betweenness(adj)
    ev, evnotes = eigenvector(adj)
    notes += evnotes
    core = nx.core_number(G) if n else {}
    want = {
        'degree': ({v: len(adj[v]) for v in nodes}, (0.0, 0.0)),
        'strength': ({v: math.fsum(w for _, w in adj[v]) for v in nodes}, (REL, ABS)),
        'pagerank': (pr, pr_tol),
        'betweenness': (bt, (REL, ABS)),
        'eigenvector': (ev, eig_tol),
        'coreness': (core, (0.0, 0.0)),
    }
    for k, (ref, (rel, at)) in want.items():
        for v in nodes:
            got = float(G.nodes[v][k])
            if not close(got, float(ref[v]), rel, at):
                mism.append('node %s: %s = %r, want %r' % (v, k, G.nodes[v][k], ref[v]))
    if community != 'none':
        seen = {}
        for v in nodes:
            c = G.nodes[v]['community']
            if c not in seen:
                if c != len(seen):
                    mism.append('community of %s is %r: the %s new community in id order '
                                'must be %d' % (v, c, 'first' if not seen else 'next', len(seen)))
                    break
                seen[c] = True
        parts = {}
        for v in nodes:
            parts.setdefault(G.nodes[v]['community'], set()).add(v)
        if G.number_of_edges() == 0:
            q = 0.0
            notes.append('no edge: modularity expected 0 (spec is silent)')
        else:
            q = nx.community.modularity(G, list(parts.values()), weight='weight',
                                        resolution=resolution)
        if not close(float(G.graph['modularity']), q):
            mism.append('graph modularity = %r, want %r (resolution %g, %d communities)'
                        % (G.graph['modularity'], q, resolution, len(parts)))
    return mism, notes, G


def parse_tol(s):
    if s is None:
        return None
    a = [float(x) for x in s.split(',')]
    return (a[0], a[1] if len(a) > 1 else ABS)


# ---------------------------------------------------------------------------

def self_test():
    import os
    import tempfile
    import networkx as nx
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
    fails = []

    def eq(what, got, want, tol=1e-12):
        if isinstance(want, dict):
            bad = [k for k in want if not close(got.get(k, float('nan')), want[k], tol, tol)]
            if bad or set(got) != set(want):
                fails.append('%s: got %r, want %r' % (what, got, want))
        elif not (got == want or (isinstance(want, float) and close(got, want, tol, tol))):
            fails.append('%s: got %r, want %r' % (what, got, want))

    def A(edges, nodes=()):
        adj = {v: [] for v in nodes}
        for u, v, w in edges:
            adj.setdefault(u, []).append((v, float(w)))
            adj.setdefault(v, []).append((u, float(w)))
        return adj
    path3 = A([('a', 'b', 1), ('b', 'c', 1)])
    # pagerank of a path a-b-c: p = .05 + .425 q, q = .05 + 1.7 p -> p = 19/74, q = 18/37
    eq('pagerank path', pagerank(path3)[0], {'a': 19 / 74, 'b': 18 / 37, 'c': 19 / 74})
    # with an isolated node d (dangling: jumps uniformly): by symmetry a = c,
    # a = .15/4 + .85(b/2 + d/4), b = .15/4 + .85(2a + d/4), d = .15/4 + .85 d/4
    # -> d = .0375/.7875 = 1/21; solving: a = 0.25714285714285715 * ... (checked against nx)
    pr4 = pagerank(A([('a', 'b', 1), ('b', 'c', 1)], nodes=['d']))[0]
    eq('pagerank isolate', pr4['d'], 1 / 21)
    eq('pagerank sums to 1', math.fsum(pr4.values()), 1.0)
    # weighted: nx's own pure-Python pagerank with a tight tolerance agrees
    import random
    rnd = random.Random(7)
    Gr = nx.gnm_random_graph(40, 120, seed=3)
    Gr.add_nodes_from(range(40, 43))
    for u, v in Gr.edges:
        Gr.edges[u, v]['weight'] = rnd.choice([1, 2, 3, 0.25, 1 / 3, 7.5])
    Gs = nx.relabel_nodes(Gr, {v: 'n%02d' % v for v in Gr})
    want = _pagerank_python(Gs, alpha=0.85, tol=1e-15, max_iter=100000, weight='weight')
    got = pagerank(adjacency(Gs))[0]
    eq('pagerank = networkx _pagerank_python (weighted, isolates)', got, want, 1e-11)
    # betweenness: star centre (n-1)(n-2)/2; path middle 1
    eq('betweenness path', betweenness(path3), {'a': 0.0, 'b': 1.0, 'c': 0.0})
    star = A([('h', x, 1) for x in 'pqrs'])
    eq('betweenness star', betweenness(star)['h'], 6.0)
    # a square a-b-c-d-a with weights 1: two shortest paths a..c, b..d -> 0.5 each node
    sq = A([('a', 'b', 1), ('b', 'c', 1), ('c', 'd', 1), ('d', 'a', 1)])
    eq('betweenness square', betweenness(sq), {'a': .5, 'b': .5, 'c': .5, 'd': .5})
    # lengths 1/w: a-b-c via w=10 and 5 (0.1 + 0.2) against a-c w=10/3 (0.3): equal within
    # 1e-10 (0.30000000000000004 vs 0.3) -> a tie, b gets 1/2 (networkx: exact compare)
    tri = A([('a', 'b', 10), ('b', 'c', 5), ('a', 'c', 10 / 3)])
    eq('betweenness near-tie (spec: tie)', betweenness(tri)['b'], 0.5)
    Gt = nx.Graph()
    for u, v, w in [('a', 'b', 10), ('b', 'c', 5), ('a', 'c', 10 / 3)]:
        Gt.add_edge(u, v, length=1 / w)
    nxb = nx.betweenness_centrality(Gt, weight='length', normalized=False)['b']
    if nxb == 0.5:
        notes_nx = 'networkx agrees on the near-tie'
    else:
        notes_nx = 'networkx gives %r on the near-tie (exact comparison)' % nxb
    # without near-ties networkx and the own Brandes agree
    Gl = Gs.copy()
    for u, v, d in Gl.edges(data=True):
        d['weight'] = rnd.uniform(0.5, 5.0)
        d['length'] = 1 / d['weight']
    want = nx.betweenness_centrality(Gl, weight='length', normalized=False)
    eq('betweenness = networkx (random real weights)', betweenness(adjacency(Gl)), want, 1e-11)
    # with weights 1, 2, 3, 1/4, 1/3, 15/2 many path lengths are equal in exact arithmetic
    # but not in floats: the tolerant Brandes must equal an exact rational Brandes
    from fractions import Fraction
    fr = {1: Fraction(1), 2: Fraction(2), 3: Fraction(3), 0.25: Fraction(1, 4),
          1 / 3: Fraction(1, 3), 7.5: Fraction(15, 2)}
    adj_f = {v: [(w, fr[x]) for w, x in lst] for v, lst in adjacency(Gs).items()}
    exact = betweenness(adj_f, exact=True)
    eq('betweenness = exact rational Brandes (many ties)', betweenness(adjacency(Gs)), exact, 1e-11)
    Gl = Gs.copy()
    for u, v, d in Gl.edges(data=True):
        d['length'] = 1 / d['weight']
    nxe = nx.betweenness_centrality(Gl, weight='length', normalized=False)
    ndiff = sum(1 for v in exact if not close(exact[v], nxe[v]))
    notes_nx += '; on a graph with exact ties networkx differs at %d of %d nodes' % (ndiff, len(exact))
    # eigenvector: path a-b-c: (1, sqrt 2, 1)/sqrt 2; plus a heavier edge x-y (w=2,
    # eigenvalue 2 > sqrt 2): only x, y non-zero
    eq('eigenvector path', eigenvector(path3)[0], {'a': 2 ** -.5, 'b': 1.0, 'c': 2 ** -.5})
    e2 = eigenvector(A([('a', 'b', 1), ('b', 'c', 1), ('x', 'y', 2)], nodes=['z']))[0]
    eq('eigenvector disconnected', e2, {'a': 0.0, 'b': 0.0, 'c': 0.0, 'x': 1.0, 'y': 1.0, 'z': 0.0})
    # tie: two single edges of weight 1 -> the component holding the smallest id
    e3 = eigenvector(A([('m', 'q', 1), ('k', 'z', 1)]))
    eq('eigenvector tie', e3[0], {'k': 1.0, 'z': 1.0, 'm': 0.0, 'q': 0.0})
    # bytewise: 'Z' < 'a'
    e4 = eigenvector(A([('a', 'b', 1), ('Z', 'c', 1)]))[0]
    eq('eigenvector tie bytewise', e4, {'Z': 1.0, 'c': 1.0, 'a': 0.0, 'b': 0.0})
    eq('eigenvector no edges', eigenvector(A([], nodes=['a', 'b']))[0], {'a': 0.0, 'b': 0.0})
    # star with weights: principal vector of K1,3 with w = (1, 2, 2): lambda = 3,
    # leaves w_i/lambda relative to the hub: (1/3, 2/3, 2/3)
    e5 = eigenvector(A([('h', 'p', 1), ('h', 'q', 2), ('h', 'r', 2)]))[0]
    eq('eigenvector weighted star', e5, {'h': 1.0, 'p': 1 / 3, 'q': 2 / 3, 'r': 2 / 3})
    # networkx agrees on a connected weighted graph
    Gc = Gs.subgraph(max(nx.connected_components(Gs), key=len)).copy()
    want = nx.eigenvector_centrality(Gc, weight='weight', tol=1e-14, max_iter=100000)
    m = max(want.values())
    want = {v: x / m for v, x in want.items()}
    got = eigenvector(adjacency(Gc))[0]
    eq('eigenvector = networkx (connected weighted)', got, want, 1e-9)

    # end to end on GraphML files written here
    tmp = tempfile.mkdtemp(prefix='analysis_nx_')

    def write(G, name, mutate=None):
        H = G.copy()
        adj = adjacency(H)
        pr = pagerank(adj)[0]
        bt = betweenness(adj)
        ev = eigenvector(adj)[0]
        core = nx.core_number(H)
        for v in H:
            H.nodes[v].update(degree=len(adj[v]), strength=math.fsum(w for _, w in adj[v]),
                              pagerank=pr[v], betweenness=bt[v], eigenvector=ev[v],
                              coreness=core[v])
        # two triangles joined by one edge: communities by triangle
        comm = {}
        for v in sorted(H, key=bkey):
            comm.setdefault(H.nodes[v].get('tri', v), len(comm))
            H.nodes[v]['community'] = comm[H.nodes[v].get('tri', v)]
        H.graph['modularity'] = H.graph.get('q', 0.0)
        if mutate:
            mutate(H)
        p = os.path.join(tmp, name)
        nx.write_graphml(H, p)
        return p
    T = nx.Graph()
    for u, v in [('a', 'b'), ('b', 'c'), ('a', 'c'), ('d', 'e'), ('e', 'f'), ('d', 'f'), ('c', 'd')]:
        T.add_edge(u, v, weight=1.0)
    for v in 'abc':
        T.nodes[v]['tri'] = 'x'
    for v in 'def':
        T.nodes[v]['tri'] = 'y'
    # Q = 2 (3/7 - (7/14)^2) = 6/7 - 1/2 ; with resolution 0.5: 6/7 - 1/4
    T.graph['q'] = 6 / 7 - 0.5
    eq('coreness triangle pair', nx.core_number(T), {v: 2 for v in 'abcdef'})
    cases = [
        ('exact', None, 1.0, 0),
        ('resolution 0.5 with the Q of 1', None, 0.5, 1),
        ('resolution 0.5', lambda H: H.graph.__setitem__('modularity', 6 / 7 - 0.25), 0.5, 0),
        ('pagerank off 1e-6', lambda H: H.nodes['a'].__setitem__('pagerank', H.nodes['a']['pagerank'] * (1 + 1e-6)), 1.0, 1),
        ('betweenness wrong', lambda H: H.nodes['c'].__setitem__('betweenness', 8.0), 1.0, 1),
        ('communities misnumbered', lambda H: [H.nodes[v].__setitem__('community', 1 - H.nodes[v]['community']) for v in H], 1.0, 1),
        ('eigenvector NaN', lambda H: H.nodes['a'].__setitem__('eigenvector', float('nan')), 1.0, 1),
        ('coreness wrong', lambda H: H.nodes['a'].__setitem__('coreness', 3), 1.0, 1),
    ]
    for name, mut, res, want in cases:
        p = write(T, 't.graphml', mut)
        mism, notes, _ = check(p, resolution=res)
        if (1 if mism else 0) != want:
            fails.append('check %s: %s' % (name, mism or 'no mismatch'))
    if fails:
        print('SELF-TEST FAILED (%d):' % len(fails))
        for f in fails:
            print('  ' + f)
        return 1
    print('ok: self-test (pagerank, betweenness, eigenvector, coreness, modularity, '
          'numbering; %s)' % notes_nx)
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('graphml', nargs='?')
    ap.add_argument('--resolution', type=float, default=1.0)
    ap.add_argument('--community', choices=['leiden', 'louvain', 'none'], default='leiden',
                    help='as given to entgraph (none: no community/modularity expected)')
    ap.add_argument('--pagerank-tol', help='REL[,ABS] (default 1e-9 relative; from 128 nodes '
                    'also 1e-9 absolute)')
    ap.add_argument('--eigenvector-tol', help='REL[,ABS] (default 1e-9,1e-12)')
    ap.add_argument('--self-test', action='store_true')
    ap.add_argument('-v', '--verbose', action='store_true')
    o = ap.parse_args(argv)
    if o.self_test:
        return self_test()
    if not o.graphml:
        ap.error('a GraphML file is needed')
    try:
        mism, notes, G = check(o.graphml, o.resolution, o.community,
                               parse_tol(o.pagerank_tol), parse_tol(o.eigenvector_tol))
    except Exception as e:      # unreadable file
        print('analysis_nx.py: %s: %s: %s' % (o.graphml, type(e).__name__, e))
        return 2
    if mism or o.verbose:
        for n in (notes if o.verbose else notes[:5]):
            print('note: ' + n)
    if mism:
        print('MISMATCH: %d difference(s) in %s (%d nodes, %d edges):'
              % (len(mism), o.graphml, G.number_of_nodes(), G.number_of_edges()))
        for m in mism[:MAX_SHOWN]:
            print('  ' + m)
        if len(mism) > MAX_SHOWN:
            print('  ... and %d more' % (len(mism) - MAX_SHOWN))
        return 1
    print('ok: %d nodes, %d edges: degree strength pagerank betweenness eigenvector coreness%s '
          'checked' % (G.number_of_nodes(), G.number_of_edges(),
                       '' if o.community == 'none' else ' community modularity'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
