#!/usr/bin/python3
"""analysis_ref.py - independent reference for `entgraph graph` windows, measures and
filters (spec: issue 13).  Standard library only.

It recomputes the graph from the --mentions JSONL that entgraph wrote and from the
documents themselves, and compares it with the GraphML entgraph wrote:

  analysis_ref.py --mentions m.jsonl --docs INPUT... --window SPEC
                  [--windows-total N] [--measure M] [--measures all]
                  [--types T,...] [--only ID,...|@FILE] [--exclude ID,...|@FILE]
                  [--min-mentions N] [--min-node-docs N] [--top-nodes N]
                  [--min-weight X] [--min-docs N] [--backbone ALPHA]
                  [--top-k K] [--top-edges N] [--ego ID,...] [--depth D]
                  [--keep-isolates] --graphml out.graphml
  analysis_ref.py --self-test

Exit 0 with one line "ok: ..." when the GraphML matches; exit 1 with the first
mismatches otherwise; exit 2 on a usage or input problem (the oracle could not run).

What is computed independently: the token positions (tokens:K), N for tokens:K and
document windows, c_i, c_ij, the documents per pair, per-node mentions/docs, the nine
measures, the filters in the spec's order, alpha, degree and strength.  For
sentence/paragraph-based windows N needs entgraph's segmenter: it is taken from
--windows-total, or, when that is not given, from the graph's `windows` attribute, and
then only checked against a lower bound (sum over documents of the highest unit + 1).

Decisions the spec leaves open (see --help of the options, and the report):
  * a token overlapping two mentions ("Cuban-American"): --shared-token mention (default:
    every mention is its own position, the token is absorbed) or merge (the mentions
    share one position);
  * ranking ties (--top-k, --top-edges): weights equal within --tie-rel (default 1e-12
    relative) rank as ties and are broken by ids; --tie-rel 0 compares doubles exactly;
  * threshold comparisons (--min-weight, --backbone) within 1e-12 (weights) / 1e-9
    (alpha) relative of the threshold are "borderline": either decision is accepted and
    the tool's choice is followed; a note says so;
  * pmi/npmi/llr positivity is decided exactly on integers (x*N vs a*b), not on floats.
"""
import argparse
import json
import math
import os
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections import defaultdict

MEASURES = ['count', 'jaccard', 'dice', 'cosine', 'inclusion', 'assoc', 'pmi', 'npmi', 'llr']
GRAPHML_NS = '{http://graphml.graphdrawing.org/xmlns}'
REL = 1e-9          # relative tolerance for every numeric attribute
ABS = 1e-12         # absolute tolerance near zero
MAX_SHOWN = 12      # mismatches printed


class UsageError(Exception):
    pass


def bkey(s):
    """Bytewise (strcmp) order of an id."""
    return s.encode('utf-8', 'surrogateescape')


# ---------------------------------------------------------------------------
# window specs

def parse_window(spec):
    """-> (unit, K): unit in sentence|paragraph|document|tokens."""
    if spec in ('sentence', 'paragraph'):
        return spec, 0
    if spec == 'document':
        return 'document', 0
    if ':' in spec:
        kind, _, k = spec.partition(':')
        if not k.isdigit():
            raise UsageError('bad window %r' % spec)
        k = int(k)
        if kind == 'sentences':
            return 'sentence', k
        if kind == 'paragraphs':
            return 'paragraph', k
        if kind == 'tokens':
            if k < 1:
                raise UsageError('tokens:K needs K >= 1')
            return 'tokens', k
    raise UsageError('bad window %r' % spec)


# ---------------------------------------------------------------------------
# tokens (spec: "Tokens and token positions")

JOINERS = frozenset('\u0027\u2019\u002d\u2010\u2011')
CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FFFF),
              (0x3040, 0x309F), (0x30A0, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))
_cls_cache = {}


def char_class(ch):
    """0 = not a word character, 1 = word character, 2 = a token by itself (CJK rule;
    every code point of the listed ranges, whatever its category)."""
    c = _cls_cache.get(ch)
    if c is None:
        cp = ord(ch)
        if any(lo <= cp <= hi for lo, hi in CJK_RANGES):
            c = 2
        elif unicodedata.category(ch)[0] in 'LMN':
            c = 1
        else:
            c = 0
        _cls_cache[ch] = c
    return c


def tokenize(text):
    """[(start, end)] in code points."""
    toks = []
    i, n = 0, len(text)
    cls = char_class
    while i < n:
        c = cls(text[i])
        if c == 2:
            toks.append((i, i + 1))
            i += 1
            continue
        if c == 0:
            i += 1
            continue
        s = i
        i += 1
        while i < n:
            c = cls(text[i])
            if c == 1:
                i += 1
            elif c == 0 and text[i] in JOINERS and i + 1 < n and cls(text[i + 1]) == 1:
                i += 2
            else:
                break
        toks.append((s, i))
    return toks


def token_positions(text, spans, shared='mention'):
    """spans: [(start, end)] of every mention of the document (ambiguous ones too),
    sorted, non-overlapping.  -> (U, [position of each span], notes)."""
    toks = tokenize(text)
    notes = []
    nm = len(spans)
    group = list(range(nm))            # union-find for --shared-token merge

    def find(i):
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    items = []                         # (start, kind, ref)
    j = 0
    for ts, te in toks:
        while j < nm and spans[j][1] <= ts:
            j += 1
        hit = []
        k = j
        while k < nm and spans[k][0] < te:
            if spans[k][1] > ts and spans[k][1] > spans[k][0]:
                hit.append(k)
            k += 1
        if not hit:
            items.append((ts, 1, None))
        elif len(hit) > 1:
            notes.append('token %r overlaps %d mentions (%s)' % (
                text[ts:te], len(hit), 'merged into one position' if shared == 'merge'
                else 'each mention is its own position'))
            if shared == 'merge':
                for h in hit[1:]:
                    group[find(h)] = find(hit[0])
    firsts = {}
    for k, (s, e) in enumerate(spans):
        r = find(k)
        if r not in firsts:
            firsts[r] = k
            items.append((s, 0, r))
    items.sort(key=lambda it: (it[0], it[1]))
    pos_of_group = {}
    for p, it in enumerate(items):
        if it[1] == 0:
            pos_of_group[it[2]] = p
    return len(items), [pos_of_group[find(k)] for k in range(nm)], notes


# ---------------------------------------------------------------------------
# inputs

def read_docs(paths):
    """-> [(id, text)] in input order, as entgraph reads them: a .jsonl file is one
    document per line ({"id","text"}; no id: "PATH:LINE"), anything else one plain-text
    document whose id is the path as given."""
    docs = []
    for p in paths:
        if p.lower().endswith('.jsonl'):
            with open(p, encoding='utf-8', errors='surrogateescape', newline='') as f:
                for ln, line in enumerate(f, 1):
                    if not line.strip():
                        continue
                    o = json.loads(line)
                    t = o.get('text')
                    if not isinstance(t, str):
                        raise UsageError('%s:%d: no "text" string (the oracle reads only '
                                         '{"id","text"} JSONL)' % (p, ln))
                    i = o.get('id')
                    docs.append((str(i) if i is not None else '%s:%d' % (p, ln), t))
        elif os.path.isdir(p):
            raise UsageError('%s: directories are not supported by the oracle' % p)
        else:
            with open(p, encoding='utf-8', errors='surrogateescape', newline='') as f:
                docs.append((p, f.read()))
    return docs


def read_ids(arg):
    if arg is None:
        return None
    if arg.startswith('@'):
        with open(arg[1:], encoding='utf-8') as f:
            return {l.strip() for l in f if l.strip()}
    return {x for x in arg.split(',') if x}


def read_mentions(path):
    out = []
    with open(path, encoding='utf-8', errors='surrogateescape') as f:
        for ln, line in enumerate(f, 1):
            if not line.strip():
                continue
            m = json.loads(line)
            for k in ('doc', 'start', 'end', 'id'):
                if k not in m:
                    raise UsageError('%s:%d: mention without %r' % (path, ln, k))
            out.append(m)
    return out


# ---------------------------------------------------------------------------
# measures

def table_canonical(x, a, b, N):
    """The 2x2 table in a canonical orientation (G^2 is invariant under swapping rows,
    columns and transposing), so mathematically equal values are bitwise equal."""
    t = (x, a - x, b - x, N - a - b + x)
    orbit = [t, (t[1], t[0], t[3], t[2]), (t[2], t[3], t[0], t[1]), (t[3], t[2], t[1], t[0])]
    orbit += [(q[0], q[2], q[1], q[3]) for q in orbit]
    return min(orbit)


def llr_value(x, a, b, N):
    """-> (G^2, scale): scale = 2 * sum |O ln(O/E)|, the size of the terms a float
    evaluation cancels (used for the comparison tolerance)."""
    o11, o12, o21, o22 = table_canonical(x, a, b, N)
    r1, r2, c1, c2 = o11 + o12, o21 + o22, o11 + o21, o12 + o22
    terms = []
    for o, r, c in ((o11, r1, c1), (o12, r1, c2), (o21, r2, c1), (o22, r2, c2)):
        if o > 0:
            terms.append(o * math.log(o * N / (r * c)))    # O/E = O*N/(r*c), exact ratio
    g = 2.0 * math.fsum(terms)
    if x * N == a * b:
        g = 0.0
    return g, 2.0 * math.fsum(abs(t) for t in terms)


def measure_values(x, a, b, N):
    """All nine measures for x = c_ij, a = c_i, b = c_j (ints), as the spec writes them."""
    ratio = (x * N) / (a * b)                 # int / int: correctly rounded
    pmi = math.log2(ratio)
    if x * N == a * b:
        pmi = 0.0
    if x == N:
        npmi = 1.0
    elif a * b == x * x:                      # a = b = x: pmi = -log2(x/N) exactly
        npmi = 1.0
    else:
        npmi = pmi / (-math.log2(x / N))
    llr, _ = llr_value(x, a, b, N)
    return {
        'count': float(x),
        'jaccard': x / (a + b - x),
        'dice': (2 * x) / (a + b),
        'cosine': x / math.sqrt(a * b),
        'inclusion': x / min(a, b),
        'assoc': ratio,
        'pmi': pmi,
        'npmi': npmi,
        'llr': llr,
    }


def measure_positive(m, x, a, b, N):
    """Exact sign decision (the float of a zero pmi/llr may be +-tiny)."""
    if m == 'pmi':
        return x * N > a * b
    if m == 'npmi':
        return x == N or x * N > a * b
    if m == 'llr':
        return x * N != a * b
    return x > 0


def measure_abs_tol(m, x, a, b, N):
    if m == 'llr':
        # Two sources of float error: the terms cancel (1e-13 of their size),
        # and each O ln(O/E) with O/E near 1 carries O times the rounding of
        # the ratio (a few ulps): 2 * sum(O) * 4 eps = 8 eps N.  Example:
        # x=1 a=28 b=161 N=4661 is off by 2e-12 at G^2 = 0.0011.
        return max(ABS, 1e-13 * llr_value(x, a, b, N)[1] + 8 * sys.float_info.epsilon * N)
    return ABS


# ---------------------------------------------------------------------------
# the reference computation

class Ref:
    pass


def compute(opts, docs, mentions, graph_windows=None, tool_edges=None):
    """Everything the spec defines, from the documents and the mentions.
    tool_edges: the tool's edge set, used only to settle borderline comparisons."""
    r = Ref()
    r.notes = []
    unit, K = parse_window(opts.window)
    doc_index = {}
    for i, (d, _) in enumerate(docs):
        if d in doc_index:
            r.notes.append('duplicate document id %r: mentions cannot be told apart' % d)
        doc_index.setdefault(d, i)
    bydoc = defaultdict(list)
    for m in mentions:
        if m['doc'] not in doc_index:
            raise UsageError('mention of unknown document %r (pass the same inputs as to '
                             'entgraph)' % m['doc'])
        bydoc[doc_index[m['doc']]].append(m)
    excluded = read_ids(opts.exclude) or set()
    for m in mentions:
        if m['id'] in excluded:
            r.notes.append('MISMATCH: excluded id %r was matched (mentions file)' % m['id'])
            break

    # units of every mention, and N
    N = None
    for di, ms in bydoc.items():
        ms.sort(key=lambda m: (m['start'], m['end']))
        text = docs[di][1]
        for m in ms:
            if 'text' in m and text[m['start']:m['end']] != m['text']:
                raise UsageError('document %r: text[%d:%d] = %r but the mention says %r '
                                 '(not the documents entgraph read?)'
                                 % (docs[di][0], m['start'], m['end'],
                                    text[m['start']:m['end']], m['text']))
        for p, q in zip(ms, ms[1:]):
            if q['start'] < p['end']:
                raise UsageError('document %r: overlapping mentions at %d and %d'
                                 % (docs[di][0], p['start'], q['start']))
    if unit == 'tokens':
        N = 0
        for di, (d, text) in enumerate(docs):
            ms = bydoc.get(di, [])
            U, pos, notes = token_positions(text, [(m['start'], m['end']) for m in ms],
                                            opts.shared_token)
            r.notes.extend('%s: %s' % (d, n) for n in notes)
            for m, p in zip(ms, pos):
                m['_unit'] = p
            N += U
        r.windows_computed = True
    elif unit == 'document':
        N = len(docs)
        for ms in bydoc.values():
            for m in ms:
                m['_unit'] = 0
        r.windows_computed = True
    else:
        for ms in bydoc.values():
            for m in ms:
                if unit not in m:
                    raise UsageError('mention without %r' % unit)
                m['_unit'] = int(m[unit])
        bound = sum(max(m['_unit'] for m in ms) + 1 for ms in bydoc.values() if ms)
        r.windows_bound = bound
        r.windows_computed = False
        if opts.windows_total is not None:
            N = opts.windows_total
        elif graph_windows is not None:
            N = graph_windows
            r.notes.append('N = %d taken from the graph (sentence/paragraph units need '
                           "entgraph's segmenter); lower bound %d" % (N, bound))
        else:
            raise UsageError('--windows-total is needed for %s windows' % opts.window)
        if N < bound:
            r.notes.append('MISMATCH: windows N = %d < %d, the sum over documents of the '
                           'highest %s index + 1' % (N, bound, unit))
    if opts.windows_total is not None and r.windows_computed and opts.windows_total != N:
        raise UsageError('--windows-total %d but the documents give N = %d'
                         % (opts.windows_total, N))
    r.N = N

    # counts
    ent_windows = defaultdict(set)
    ent_mentions = defaultdict(int)
    ent_docs = defaultdict(set)
    ent_type = {}
    win_ents = defaultdict(set)
    for di, ms in bydoc.items():
        for m in ms:
            if m.get('ambiguous'):
                continue
            e = m['id']
            ent_mentions[e] += 1
            ent_docs[e].add(di)
            ent_type.setdefault(e, m.get('type'))
            u = m['_unit']
            for t in range(max(0, u - K), u + 1):
                ent_windows[e].add((di, t))
                win_ents[(di, t)].add(e)
    pair_count = defaultdict(int)
    pair_docs = defaultdict(set)
    for (di, t), es in win_ents.items():
        es = sorted(es, key=bkey)
        for i in range(len(es)):
            for j in range(i + 1, len(es)):
                pair_count[(es[i], es[j])] += 1
                pair_docs[(es[i], es[j])].add(di)
    r.c = {e: len(w) for e, w in ent_windows.items()}
    r.mentions = dict(ent_mentions)
    r.docs = {e: len(s) for e, s in ent_docs.items()}
    r.pair_count, r.pair_docs = pair_count, {p: len(s) for p, s in pair_docs.items()}
    r.ndocs = len(docs)

    # 1. entity selection
    nodes = set(ent_mentions)
    if opts.types:
        types = set(opts.types.split(','))
        nodes = {e for e in nodes if ent_type.get(e) in types}
    only = read_ids(opts.only)
    if only is not None:
        nodes &= only
    nodes -= excluded
    # 2. node thresholds
    if opts.min_mentions is not None:
        nodes = {e for e in nodes if ent_mentions[e] >= opts.min_mentions}
    if opts.min_node_docs is not None:
        nodes = {e for e in nodes if r.docs[e] >= opts.min_node_docs}
    if opts.top_nodes is not None:
        ranked = sorted(nodes, key=lambda e: (-ent_mentions[e], bkey(e)))
        nodes = set(ranked[:opts.top_nodes])
    # 3. measures for every pair of remaining nodes with c_ij >= 1
    M = opts.measure
    vals = {}
    for (i, j), x in pair_count.items():
        if i in nodes and j in nodes:
            vals[(i, j)] = measure_values(x, r.c[i], r.c[j], N)
    r.vals = vals
    weight = {p: v[M] for p, v in vals.items()}
    r.weight = weight
    tool_edges = tool_edges or set()

    def borderline(what, p, keep_ref):
        keep = p in tool_edges
        if keep != keep_ref:
            r.notes.append('borderline %s for %s-%s: the tool %s it; accepted'
                           % (what, p[0], p[1], 'kept' if keep else 'dropped'))
        return keep

    # 4. edge thresholds
    edges = set()
    for p, v in vals.items():
        x = pair_count[p]
        if not measure_positive(M, x, r.c[p[0]], r.c[p[1]], N):
            continue
        if opts.min_docs is not None and r.pair_docs[p] < opts.min_docs:
            continue
        if opts.min_weight is not None:
            w, X = weight[p], opts.min_weight
            if abs(w - X) <= 1e-12 * max(abs(w), abs(X)) and w != X:
                if not borderline('--min-weight', p, w >= X):
                    continue
            elif not w >= X:
                continue
        edges.add(p)

    # 5. backbone, top-k, top-edges
    r.alpha = {}
    if opts.backbone is not None:
        # the disparity filter splits a node's strength among its edges: on
        # the log-scale pmi and npmi it runs on the counts (README, filters)
        bw = {p: (float(pair_count[p]) if M in ('pmi', 'npmi') else weight[p]) for p in edges}
        deg = defaultdict(int)
        stre = defaultdict(list)
        for p in edges:
            for v in p:
                deg[v] += 1
                stre[v].append(bw[p])
        s = {v: math.fsum(ws) for v, ws in stre.items()}

        def alpha_at(v, w):
            return 1.0 if deg[v] == 1 else (1.0 - w / s[v]) ** (deg[v] - 1)
        kept = set()
        A = opts.backbone
        for p in edges:
            a = min(alpha_at(p[0], bw[p]), alpha_at(p[1], bw[p]))
            r.alpha[p] = a
            if abs(a - A) <= 1e-9 * A and a != A:
                if borderline('--backbone', p, a < A):
                    kept.add(p)
            elif a < A:
                kept.add(p)
        edges = kept
    rank_w = snap_weights({p: weight[p] for p in edges}, opts.tie_rel, r.notes)
    if opts.top_k is not None:
        inc = defaultdict(list)
        for p in edges:
            inc[p[0]].append((p, p[1]))
            inc[p[1]].append((p, p[0]))
        kept = set()
        for v, lst in inc.items():
            lst.sort(key=lambda it: (-rank_w[it[0]], bkey(it[1])))
            kept.update(it[0] for it in lst[:opts.top_k])
            if len(lst) > opts.top_k:
                near_tie_note(r.notes, 'top-k at %s' % v, weight[lst[opts.top_k - 1][0]],
                              weight[lst[opts.top_k][0]])
        edges = kept
    if opts.top_edges is not None:
        order = sorted(edges, key=lambda p: (-rank_w[p], bkey(p[0]), bkey(p[1])))
        if len(order) > opts.top_edges and opts.top_edges > 0:
            near_tie_note(r.notes, 'top-edges', weight[order[opts.top_edges - 1]],
                          weight[order[opts.top_edges]])
        edges = set(order[:opts.top_edges])
    # 6. ego
    if opts.ego:
        egos = [e for e in opts.ego.split(',') if e]
        adj = defaultdict(set)
        for i, j in edges:
            adj[i].add(j)
            adj[j].add(i)
        dist = {}
        frontier = []
        for e in egos:
            if e in nodes:
                dist[e] = 0
                frontier.append(e)
            else:
                r.notes.append('ego %r is not a node after steps 1-2 (the spec does not say '
                               'what happens; the oracle ignores it)' % e)
        depth = 1 if opts.depth is None else opts.depth
        for d in range(1, depth + 1):
            nxt = []
            for v in frontier:
                for w in adj[v]:
                    if w not in dist:
                        dist[w] = d
                        nxt.append(w)
            frontier = nxt
        nodes = set(dist)
        edges = {p for p in edges if p[0] in nodes and p[1] in nodes}
    # 7. isolates
    deg = defaultdict(int)
    for p in edges:
        deg[p[0]] += 1
        deg[p[1]] += 1
    if not opts.keep_isolates:
        nodes = {v for v in nodes if deg[v] > 0}
    r.nodes, r.edges, r.degree = nodes, edges, deg
    sw = defaultdict(list)
    for p in edges:
        sw[p[0]].append(weight[p])
        sw[p[1]].append(weight[p])
    r.strength = {v: math.fsum(sw[v]) for v in nodes}
    return r


def snap_weights(w, tie_rel, notes):
    """Weights within tie_rel (relative) of their neighbour in sorted order rank as
    equal: each cluster is represented by its largest value."""
    out = dict(w)
    if tie_rel <= 0 or not w:
        return out
    items = sorted(w.items(), key=lambda kv: -kv[1])
    rep = items[0][1]
    prev = rep
    merged = False
    for p, v in items:
        if prev - v <= tie_rel * max(abs(prev), abs(v)):
            if v != rep:
                merged = True
        else:
            rep = v
        out[p] = rep
        prev = v
    if merged:
        notes.append('some weights differ only in the last bits (e.g. npmi = 1 computed '
                     'two ways): they rank as ties (--tie-rel %g)' % tie_rel)
    return out


def near_tie_note(notes, what, w1, w2):
    if w1 != w2 and abs(w1 - w2) <= 1e-12 * max(abs(w1), abs(w2)):
        notes.append('%s: the cut falls between %r and %r, equal but for rounding; ranked '
                     'as a tie (by id)' % (what, w1, w2))


# ---------------------------------------------------------------------------
# GraphML

def read_graphml(path):
    """-> dict(graph={name: value}, nodes={id: {name: value}}, edges={(s,t): {...}},
    types={(for, name): type}, bad=[nonfinite numbers])."""
    tree = ET.parse(path)
    root = tree.getroot()
    keys = {}
    types = {}
    for k in root.iter(GRAPHML_NS + 'key'):
        keys[k.get('id')] = (k.get('attr.name') or k.get('id'), k.get('attr.type') or 'string')
        types[(k.get('for'), k.get('attr.name'))] = k.get('attr.type')
    g = root.find(GRAPHML_NS + 'graph')
    if g is None:
        raise UsageError('%s: no <graph>' % path)
    bad = []

    def datas(el, where):
        d = {}
        for x in el.findall(GRAPHML_NS + 'data'):
            name, typ = keys.get(x.get('key'), (x.get('key'), 'string'))
            txt = x.text or ''
            if typ in ('long', 'int', 'double', 'float'):
                try:
                    v = float(txt) if typ in ('double', 'float') else int(txt)
                except ValueError:
                    bad.append('%s %s = %r is not a %s' % (where, name, txt, typ))
                    continue
                if isinstance(v, float) and not math.isfinite(v):
                    bad.append('%s %s = %r' % (where, name, txt))
                d[name] = v
            else:
                d[name] = txt
        return d
    out = {'graph': datas(g, 'graph'), 'nodes': {}, 'edges': {}, 'types': types, 'bad': bad,
           'edgedefault': g.get('edgedefault'), 'dup': []}
    for n in g.findall(GRAPHML_NS + 'node'):
        out['nodes'][n.get('id')] = datas(n, 'node %s' % n.get('id'))
    for e in g.findall(GRAPHML_NS + 'edge'):
        s, t = e.get('source'), e.get('target')
        p = (s, t) if bkey(s) <= bkey(t) else (t, s)
        if p in out['edges'] or s == t:
            out['dup'].append(p)
        out['edges'][p] = datas(e, 'edge %s-%s' % p)
    return out


def close(a, b, abs_tol=ABS):
    return abs(a - b) <= max(REL * max(abs(a), abs(b)), abs_tol)


def compare(opts, r, G):
    mism = []
    notes = [n for n in r.notes if not n.startswith('MISMATCH: ')]
    mism += [n[len('MISMATCH: '):] for n in r.notes if n.startswith('MISMATCH: ')]
    mism += ['non-finite or unparseable number: %s' % b for b in G['bad']]
    if G['edgedefault'] != 'undirected':
        mism.append('edgedefault = %r, want undirected' % G['edgedefault'])
    mism += ['duplicate edge or self-loop %s-%s' % p for p in G['dup']]
    ga = G['graph']
    # graph attributes
    if 'windows' not in ga:
        mism.append('graph attribute windows missing')
    elif r.windows_computed and ga['windows'] != r.N:
        mism.append('graph windows = %r, want N = %d' % (ga['windows'], r.N))
    elif not r.windows_computed and opts.windows_total is not None and ga['windows'] != r.N:
        mism.append('graph windows = %r, --windows-total %d' % (ga['windows'], r.N))
    if ga.get('window') != opts.window:
        mism.append('graph window = %r, want %r' % (ga.get('window'), opts.window))
    if ga.get('measure') != opts.measure:
        mism.append('graph measure = %r, want %r' % (ga.get('measure'), opts.measure))
    if ga.get('documents') != r.ndocs:
        mism.append('graph documents = %r, want %d' % (ga.get('documents'), r.ndocs))
    if opts.min_weight is not None and 'min_weight' in ga and not close(float(ga['min_weight']), opts.min_weight):
        mism.append('graph min_weight = %r, given %r' % (ga['min_weight'], opts.min_weight))
    if opts.min_docs is not None and 'min_docs' in ga and ga['min_docs'] != opts.min_docs:
        mism.append('graph min_docs = %r, given %r' % (ga['min_docs'], opts.min_docs))
    # nodes
    got_n, want_n = set(G['nodes']), r.nodes
    for v in sorted(want_n - got_n, key=bkey):
        mism.append('node %s missing (mentions %d, windows %d)' % (v, r.mentions[v], r.c[v]))
    for v in sorted(got_n - want_n, key=bkey):
        mism.append('node %s should not be there' % v)
    for v in sorted(got_n & want_n, key=bkey):
        d = G['nodes'][v]
        want = {'mentions': r.mentions[v], 'docs': r.docs[v], 'windows': r.c[v],
                'degree': r.degree[v], 'strength': r.strength[v]}
        for k, w in want.items():
            if k not in d:
                mism.append('node %s: no %s' % (v, k))
            elif not close(float(d[k]), float(w)):
                mism.append('node %s: %s = %r, want %r' % (v, k, d[k], w))
    # edges
    got_e, want_e = set(G['edges']), r.edges
    for p in sorted(want_e - got_e, key=lambda p: (bkey(p[0]), bkey(p[1]))):
        mism.append('edge %s-%s missing (weight %r, count %d, docs %d%s)'
                    % (p[0], p[1], r.weight[p], r.pair_count[p], r.pair_docs[p],
                       ', alpha %r' % r.alpha[p] if p in r.alpha else ''))
    for p in sorted(got_e - want_e, key=lambda p: (bkey(p[0]), bkey(p[1]))):
        why = ''
        if p in r.weight:
            why = ' (weight %r, docs %d%s)' % (r.weight[p], r.pair_docs[p],
                                              ', alpha %r' % r.alpha[p] if p in r.alpha else '')
        elif p[0] in r.c and p[1] in r.c:
            why = ' (c_ij = %d)' % r.pair_count.get(p, 0)
        mism.append('edge %s-%s should not be there%s' % (p[0], p[1], why))
    measured = MEASURES if opts.measures == 'all' else [opts.measure, 'count']
    for p in sorted(got_e & want_e, key=lambda p: (bkey(p[0]), bkey(p[1]))):
        d = G['edges'][p]
        x, a, b = r.pair_count[p], r.c[p[0]], r.c[p[1]]
        want = {'weight': (r.weight[p], measure_abs_tol(opts.measure, x, a, b, r.N)),
                'count': (float(x), 0.0), 'docs': (float(r.pair_docs[p]), 0.0)}
        for m in measured:
            want[m] = (r.vals[p][m], measure_abs_tol(m, x, a, b, r.N))
        if opts.backbone is not None:
            want['alpha'] = (r.alpha[p], ABS)
        for k, (w, tol) in want.items():
            if k not in d:
                mism.append('edge %s-%s: no %s' % (p[0], p[1], k))
            elif not close(float(d[k]), w, tol):
                mism.append('edge %s-%s: %s = %r, want %r (x=%d a=%d b=%d N=%d)'
                            % (p[0], p[1], k, d[k], w, x, a, b, r.N))
        extra = [k for k in d if (k in MEASURES and k not in measured)
                 or (k == 'alpha' and opts.backbone is None)]
        if extra:
            mism.append('edge %s-%s: unexpected attribute(s) %s' % (p[0], p[1], ','.join(extra)))
    return mism, notes, len(measured if opts.measures == 'all' else set(measured))


# ---------------------------------------------------------------------------

def build_parser():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--self-test', action='store_true', help='run the hand-computed examples')
    ap.add_argument('--mentions', help='the JSONL written by entgraph graph --mentions')
    ap.add_argument('--docs', nargs='+', default=[], metavar='INPUT',
                    help='the inputs given to entgraph, in the same order and spelling')
    ap.add_argument('--window', '-w', default='sentence')
    ap.add_argument('--windows-total', type=int,
                    help='N for sentence/paragraph windows (default: the graph\'s `windows`)')
    ap.add_argument('--measure', default='count', choices=MEASURES)
    ap.add_argument('--measures', choices=['all'])
    ap.add_argument('--types')
    ap.add_argument('--only')
    ap.add_argument('--exclude')
    ap.add_argument('--min-mentions', type=int)
    ap.add_argument('--min-node-docs', type=int)
    ap.add_argument('--top-nodes', type=int)
    ap.add_argument('--min-weight', type=float)
    ap.add_argument('--min-docs', type=int)
    ap.add_argument('--backbone', type=float)
    ap.add_argument('--top-k', type=int)
    ap.add_argument('--top-edges', type=int)
    ap.add_argument('--ego')
    ap.add_argument('--depth', type=int)
    ap.add_argument('--keep-isolates', action='store_true')
    ap.add_argument('--graphml', help='the GraphML entgraph wrote')
    # accepted and ignored, so one option string serves entgraph and the reference
    for o in ('--community', '--resolution', '--seed', '--jobs', '--layout'):
        ap.add_argument(o, help=argparse.SUPPRESS)
    ap.add_argument('--shared-token', choices=['mention', 'merge'], default='mention',
                    help='a token overlapping two mentions (spec is silent): each mention '
                         'keeps its own position (default) or they merge')
    ap.add_argument('--tie-rel', type=float, default=1e-12,
                    help='relative difference under which weights rank as ties (default 1e-12; '
                         '0 = exact doubles)')
    ap.add_argument('-v', '--verbose', action='store_true', help='print every note')
    return ap


def run(opts):
    if not opts.mentions or not opts.docs or not opts.graphml:
        raise UsageError('--mentions, --docs and --graphml are required')
    parse_window(opts.window)
    G = read_graphml(opts.graphml)
    docs = read_docs(opts.docs)
    mentions = read_mentions(opts.mentions)
    gw = G['graph'].get('windows')
    r = compute(opts, docs, mentions, graph_windows=gw if isinstance(gw, int) else None,
                tool_edges=set(G['edges']))
    mism, notes, nmeas = compare(opts, r, G)
    if mism or opts.verbose:
        shown = notes if opts.verbose else notes[:5]
        for n in shown:
            print('note: ' + n)
        if len(notes) > len(shown):
            print('note: ... %d more notes (-v)' % (len(notes) - len(shown)))
    if mism:
        print('MISMATCH: %d difference(s) between %s and the reference (window %s, measure %s, '
              'N %d, %d nodes and %d edges expected, %d and %d written):'
              % (len(mism), opts.graphml, opts.window, opts.measure, r.N, len(r.nodes),
                 len(r.edges), len(G['nodes']), len(G['edges'])))
        for m in mism[:MAX_SHOWN]:
            print('  ' + m)
        if len(mism) > MAX_SHOWN:
            print('  ... and %d more' % (len(mism) - MAX_SHOWN))
        return 1
    print('ok: %d nodes, %d edges, %d measure%s checked (window %s, N %d%s)'
          % (len(r.nodes), len(r.edges), nmeas, '' if nmeas == 1 else 's', opts.window, r.N,
             '' if opts.verbose or not notes else '; %d note%s: -v' % (len(notes), '' if len(notes) == 1 else 's')))
    return 0


# ---------------------------------------------------------------------------
# self-test: hand-computed examples

def self_test():
    fails = []

    def eq(what, got, want, tol=1e-12):
        if isinstance(want, float) or isinstance(got, float):
            ok = abs(got - want) <= tol * max(1.0, abs(want))
        elif isinstance(want, dict) and isinstance(got, dict):
            ok = set(got) == set(want) and all(
                abs(got[k] - want[k]) <= tol * max(1.0, abs(want[k])) for k in want)
        else:
            ok = got == want
        if not ok:
            fails.append('%s: got %r, want %r' % (what, got, want))

    ap = build_parser()

    # --- tokens -------------------------------------------------------------
    def toks(s):
        return [s[a:b] for a, b in tokenize(s)]
    eq('tokens basic', toks("People's Jong-un met the U.S. envoy, rock'n'roll!"),
       ["People's", 'Jong-un', 'met', 'the', 'U', 'S', 'envoy', "rock'n'roll"])
    eq('joiners', toks("a--b x- -y 'tis o\u2019neil a\u2010b a\u2011b a\u2012b"),
       ['a', 'b', 'x', 'y', 'tis', 'o\u2019neil', 'a\u2010b', 'a\u2011b', 'a', 'b'])
    eq('numbers and marks', toks('3.5 e\u0301te\u0301 \u00bd x\u00b2 \u0661\u0662'),
       ['3', '5', 'e\u0301te\u0301', '\u00bd', 'x\u00b2', '\u0661\u0662'])
    eq('cjk', toks('\u65e5\u672c-\u8a9e\u3068ABC\u30c6\u30b9\u30c8\uff83\u4e00x'),
       ['\u65e5', '\u672c', '\u8a9e', '\u3068', 'ABC', '\u30c6', '\u30b9', '\u30c8',
        '\uff83', '\u4e00', 'x'])
    eq('cjk range, any category (U+30FB, U+30FC)', toks('\u30c9\u30fb\u30c8\u30fc'),
       ['\u30c9', '\u30fb', '\u30c8', '\u30fc'])
    eq('hangul is not in the CJK rule', toks('\ud55c\uad6d\uc5b4 x'), ['\ud55c\uad6d\uc5b4', 'x'])
    eq('supplementary han', toks('\U00020000\U00020001'), ['\U00020000', '\U00020001'])
    eq('invalid byte is not a word character',
       toks(b'ab\xffcd'.decode('utf-8', 'surrogateescape')), ['ab', 'cd'])
    # the spec's example
    s = 'Hamada Yasukazu met the NSA in Japan.'
    spans = [(0, 15), (24, 27), (31, 36)]
    eq('spec example', token_positions(s, spans)[:2], (6, [0, 3, 5]))
    # a mention inside a token, a token spanning two mentions
    s = "Japan's US-China talks"
    spans = [(0, 5), (8, 10), (11, 16)]
    eq('shared token, mention', token_positions(s, spans, 'mention')[:2], (4, [0, 1, 2]))
    eq('shared token, merge', token_positions(s, spans, 'merge')[:2], (3, [0, 1, 1]))
    eq('mention with no word character', token_positions('a & b', [(2, 3)])[:2], (3, [1]))
    # mixed Japanese/English (the document analysis.sh also gives entgraph), by hand:
    # [日本]0 の1 [防衛省]2 は3 (、 is no word) [NSA]4 と5 中6 国7 に8 つ9 い10 て11 話12 し13
    # た14 [Japan]'s15 officials16 (— no joiner) and17 the18 [Pentagon]'s19 met20 [日本]21
    # と22 [China]23 -> U = 24
    ja1 = ('\u65e5\u672c\u306e\u9632\u885b\u7701\u306f\u3001NSA\u3068\u4e2d\u56fd\u306b'
           '\u3064\u3044\u3066\u8a71\u3057\u305f\u3002Japan\'s officials\u2014and the '
           'Pentagon\'s\u2014met. \u65e5\u672c\u3068China')
    eq('japanese and english', token_positions(ja1, [(0, 2), (3, 6), (8, 11), (22, 27), (48, 56),
                                                     (64, 66), (67, 72)])[:2],
       (24, [0, 2, 4, 15, 19, 21, 23]))
    eq('no mention', token_positions("No entity here at all, just words: rock'n'roll, 3.5 "
                                     "percent, Jong-un.", [])[:2], (12, []))

    # --- measures (closed forms) ----------------------------------------------
    v = measure_values(1, 3, 3, 10)
    eq('jaccard 1/(3+3-1)', v['jaccard'], 0.2)
    eq('dice 2/6', v['dice'], 1 / 3)
    eq('cosine 1/3', v['cosine'], 1 / 3)
    eq('inclusion 1/3', v['inclusion'], 1 / 3)
    eq('assoc 10/9', v['assoc'], 10 / 9)
    eq('pmi log2(10/9)', v['pmi'], 0.15200309344504997)
    eq('npmi = log10(10/9)', v['npmi'], 0.045757490560675115)
    # G^2 by the entropy form 2(sum O ln O - sum R ln R - sum C ln C + N ln N), table
    # (1,2,2,5), rows/cols 3,7:  2(0 + 2*2ln2 + 5ln5 - 2(3ln3 + 7ln7) + 10ln10)
    L = math.log
    eq('llr (1,2,2,5)', v['llr'],
       2 * (4 * L(2) + 5 * L(5) - 2 * (3 * L(3) + 7 * L(7)) + 10 * L(10)))
    eq('llr (1,2,2,5) ~ 0.0224268', round(v['llr'], 7), 0.0224268)
    v = measure_values(2, 2, 2, 4)        # perfect association: (2,0,0,2)
    eq('pmi 1', v['pmi'], 1.0)
    eq('npmi 1', v['npmi'], 1.0)
    eq('llr 8 ln 2', v['llr'], 8 * L(2))
    v = measure_values(1, 1, 1, 1)        # x == N
    eq('x == N: npmi 1', v['npmi'], 1.0)
    eq('x == N: pmi 0', v['pmi'], 0.0)
    eq('x == N: llr 0', v['llr'], 0.0)
    v = measure_values(1, 1, 1, 3)        # a = b = x: npmi 1 exactly (float: 0.999..9)
    eq('a = b = x: npmi exactly 1', v['npmi'], 1.0, 0)
    eq('independence: llr 0', measure_values(2, 3, 2, 3)['llr'], 0.0, 0)
    eq('negative pmi', measure_values(1, 4, 5, 10)['pmi'], math.log2(0.5))
    eq('pmi > 0 exactly', measure_positive('pmi', 2, 3, 2, 3), False)
    eq('npmi x == N', measure_positive('npmi', 3, 3, 3, 3), True)
    eq('llr negative association is positive', measure_positive('llr', 1, 4, 5, 10), True)
    # symmetric tables give bitwise-equal llr
    eq('llr symmetric', measure_values(1, 2, 5, 17)['llr'], measure_values(1, 5, 2, 17)['llr'], 0)

    # --- a small corpus, end to end ---------------------------------------------
    #  d1: s0 A B   s1 B C   s2 -   s3 A          (U = 4 sentences)
    #  d2: s0 A A C s1 D (+ an ambiguous B)      (U = 2)
    #  d3: s0 B D                                (U = 1)
    #  d4: no mention                            (U = 3)      N = 10
    tmp = tempfile.mkdtemp(prefix='analysis_ref_')
    texts = {'d1': 'A B. B C. Zz. A.', 'd2': 'A A C. D B.', 'd3': 'B D.', 'd4': 'Nothing. Here. At all.'}
    with open(os.path.join(tmp, 'docs.jsonl'), 'w') as f:
        for d in ('d1', 'd2', 'd3', 'd4'):
            f.write(json.dumps({'id': d, 'text': texts[d]}) + '\n')
    ment = []

    def mention(d, ch_index, sent, ent, amb=False):
        t = texts[d]
        start = [i for i, ch in enumerate(t) if ch == ent][ch_index]
        m = {'doc': d, 'start': start, 'end': start + 1, 'text': ent, 'id': 'x:' + ent,
             'type': 'person' if ent in 'AB' else 'country', 'sentence': sent, 'paragraph': 0}
        if amb:
            m['ambiguous'] = True
        ment.append(m)
    mention('d1', 0, 0, 'A'); mention('d1', 0, 0, 'B'); mention('d1', 1, 1, 'B')
    mention('d1', 0, 1, 'C'); mention('d1', 1, 3, 'A')
    mention('d2', 0, 0, 'A'); mention('d2', 1, 0, 'A'); mention('d2', 0, 0, 'C')
    mention('d2', 0, 1, 'D'); mention('d2', 0, 1, 'B', amb=True)
    mention('d3', 0, 0, 'B'); mention('d3', 0, 0, 'D')
    mpath = os.path.join(tmp, 'm.jsonl')
    with open(mpath, 'w') as f:
        for m in ment:
            f.write(json.dumps(m) + '\n')

    def ref(args):
        o = ap.parse_args(['--mentions', mpath, '--docs', os.path.join(tmp, 'docs.jsonl'),
                           '--graphml', 'unused'] + args)
        return compute(o, read_docs(o.docs), read_mentions(o.mentions))

    def E(*names):
        return {tuple('x:' + c for c in n) for n in names}
    r = ref(['--window', 'sentence', '--windows-total', '10'])
    eq('sentence c', r.c, {'x:A': 3, 'x:B': 3, 'x:C': 2, 'x:D': 2})
    eq('sentence pairs', dict(r.pair_count), {p: 1 for p in E('AB', 'BC', 'AC', 'BD')})
    eq('mentions (ambiguous ignored)', r.mentions, {'x:A': 4, 'x:B': 3, 'x:C': 2, 'x:D': 2})
    eq('node docs', r.docs, {'x:A': 2, 'x:B': 2, 'x:C': 2, 'x:D': 2})
    eq('sentence: npmi AB', r.vals[('x:A', 'x:B')]['npmi'], 0.045757490560675115)
    r = ref(['--window', 'sentences:1', '--windows-total', '10'])
    eq('sentences:1 c', r.c, {'x:A': 4, 'x:B': 3, 'x:C': 3, 'x:D': 3})
    eq('sentences:1 pairs', dict(r.pair_count),
       {('x:A', 'x:B'): 1, ('x:A', 'x:C'): 2, ('x:B', 'x:C'): 2, ('x:A', 'x:D'): 1,
        ('x:C', 'x:D'): 1, ('x:B', 'x:D'): 1})
    eq('sentences:1 pair docs', r.pair_docs,
       {('x:A', 'x:B'): 1, ('x:A', 'x:C'): 2, ('x:B', 'x:C'): 1, ('x:A', 'x:D'): 1,
        ('x:C', 'x:D'): 1, ('x:B', 'x:D'): 1})
    # jaccard AC: 2/(4+3-2); pmi AC log2(2*10/12); BD: 1*10/9
    eq('sentences:1 jaccard AC', r.vals[('x:A', 'x:C')]['jaccard'], 0.4)
    eq('sentences:1 pmi AC', r.vals[('x:A', 'x:C')]['pmi'], math.log2(5 / 3))
    eq('sentences:1 strength', r.strength, {'x:A': 4.0, 'x:B': 4.0, 'x:C': 5.0, 'x:D': 3.0})
    # backbone, count weights.  k = 3 everywhere, s = A4 B4 C5 D3:
    # AB min((3/4)^2,(3/4)^2) = .5625; AC min((1/2)^2,(3/5)^2) = .25; BC .25;
    # AD min(.5625,(2/3)^2) = 4/9; CD min(.64, 4/9); BD min(.5625, 4/9)
    r = ref(['--window', 'sentences:1', '--windows-total', '10', '--backbone', '0.3'])
    eq('alpha', r.alpha, {('x:A', 'x:B'): 0.5625, ('x:A', 'x:C'): 0.25, ('x:B', 'x:C'): 0.25,
                          ('x:A', 'x:D'): 4 / 9, ('x:C', 'x:D'): 4 / 9, ('x:B', 'x:D'): 4 / 9})
    eq('backbone 0.3', r.edges, E('AC', 'BC'))
    eq('backbone 0.3 drops D', r.nodes, {'x:A', 'x:B', 'x:C'})
    r = ref(['--window', 'sentences:1', '--windows-total', '10', '--backbone', '0.5'])
    eq('backbone 0.5', r.edges, E('AC', 'BC', 'AD', 'CD', 'BD'))
    # top-k 1: A: AC(2); B: BC(2); C: AC vs BC tie -> other id A; D: all 1 -> A
    r = ref(['--window', 'sentences:1', '--windows-total', '10', '--top-k', '1'])
    eq('top-k 1', r.edges, E('AC', 'BC', 'AD'))
    r = ref(['--window', 'sentences:1', '--windows-total', '10', '--top-edges', '3'])
    eq('top-edges 3', r.edges, E('AC', 'BC', 'AB'))
    r = ref(['--window', 'sentences:1', '--windows-total', '10', '--top-k', '1', '--ego', 'x:B'])
    eq('ego B depth 1', (r.nodes, r.edges), ({'x:B', 'x:C'}, E('BC')))
    r = ref(['--window', 'sentences:1', '--windows-total', '10', '--top-k', '1', '--ego', 'x:B',
             '--depth', '2'])
    eq('ego B depth 2', (r.nodes, r.edges), ({'x:A', 'x:B', 'x:C'}, E('AC', 'BC')))
    r = ref(['--window', 'sentences:1', '--windows-total', '10', '--ego', 'x:B,x:D', '--depth', '0',
             '--keep-isolates'])
    eq('ego depth 0 keeps the egos and the edges between them', (r.nodes, r.edges),
       ({'x:B', 'x:D'}, E('BD')))
    r = ref(['--window', 'sentences:1', '--windows-total', '10', '--min-docs', '2'])
    eq('min-docs 2', r.edges, E('AC'))
    r = ref(['--window', 'sentences:1', '--windows-total', '10', '--min-docs', '2',
             '--keep-isolates'])
    eq('keep-isolates', (r.nodes, r.degree['x:B']), ({'x:A', 'x:B', 'x:C', 'x:D'}, 0))
    r = ref(['--window', 'sentences:1', '--windows-total', '10', '--top-nodes', '3'])
    eq('top-nodes 3: A4 B3 then C (tie with D, smaller id)', r.nodes, {'x:A', 'x:B', 'x:C'})
    r = ref(['--window', 'sentences:1', '--windows-total', '10', '--min-mentions', '3'])
    eq('min-mentions 3', (r.nodes, r.edges), ({'x:A', 'x:B'}, E('AB')))
    r = ref(['--window', 'sentences:1', '--windows-total', '10', '--types', 'country'])
    eq('types', r.edges, E('CD'))
    r = ref(['--window', 'sentences:1', '--windows-total', '10', '--only', 'x:A,x:C,x:D'])
    eq('only', r.edges, E('AC', 'AD', 'CD'))
    r = ref(['--window', 'sentences:1', '--windows-total', '10', '--measure', 'jaccard',
             '--min-weight', '0.39'])
    # jaccard: AB 1/6, AC 2/5, BC 2/4, AD 1/6, CD 1/5, BD 1/5
    eq('min-weight 0.39 (jaccard)', r.edges, E('AC', 'BC'))
    r = ref(['--window', 'sentences:1', '--windows-total', '10', '--measure', 'pmi'])
    # pmi > 0 iff 10x > ab: AB 10>12 no; AC 20>12; BC 20>9; AD 10>12 no; CD 10>9; BD 10>9
    eq('pmi positive', r.edges, E('AC', 'BC', 'CD', 'BD'))
    r = ref(['--window', 'document'])
    # documents: d1 {A,B,C} d2 {A,C,D} d3 {B,D} d4 {}: N = 4
    eq('document N', r.N, 4)
    eq('document c', r.c, {'x:A': 2, 'x:B': 2, 'x:C': 2, 'x:D': 2})
    eq('document AC llr', r.vals[('x:A', 'x:C')]['llr'], 8 * L(2))
    # tokens: d1 "A B. B C. Zz. A." -> A B B C Zz A: 6 positions (mentions are tokens here)
    # d2 "A A C. D B." 5, d3 2, d4 "Nothing. Here. At all." 4 -> N = 17
    r = ref(['--window', 'tokens:1'])
    eq('tokens N', r.N, 17)
    # tokens:1 windows of 2 positions; d1 positions A0 B1 B2 C3 Zz4 A5
    # pairs d1: AB (w0), BC (w2); d2 A0 A1 C2 D3 B4(amb): AC (w1), CD (w2); d3: BD
    eq('tokens:1 pairs', dict(r.pair_count), {p: 1 for p in E('AB', 'BC', 'AC', 'CD', 'BD')})
    # c_A: d1 w0, w4, w5 + d2 w0, w1 = 5
    eq('tokens:1 c_A', r.c['x:A'], 5)
    try:
        ref(['--window', 'sentence'])
        fails.append('sentence window without N should be a usage error')
    except UsageError:
        pass

    # --- the comparison, end to end, on GraphML written here ------------------------
    def write_graphml(path, r, opts, mutate=None):
        nodes = {v: {'mentions': r.mentions[v], 'docs': r.docs[v], 'windows': r.c[v],
                     'degree': r.degree[v], 'strength': r.strength[v]} for v in r.nodes}
        edges = {}
        for p in r.edges:
            d = {'weight': r.weight[p], 'count': r.pair_count[p], 'docs': r.pair_docs[p]}
            for m in MEASURES[1:]:
                d[m] = r.vals[p][m]
            if r.alpha:
                d['alpha'] = r.alpha[p]
            edges[p] = d
        ga = {'windows': r.N, 'window': opts.window, 'measure': opts.measure, 'documents': r.ndocs}
        if mutate:
            mutate(ga, nodes, edges)
        ty = {'windows': 'long', 'documents': 'long', 'mentions': 'long', 'docs': 'long',
              'degree': 'long', 'count': 'long'}
        names = set()
        for d in [ga] + list(nodes.values()) + list(edges.values()):
            names.update(d)
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
        for fo, dicts in (('graph', [ga]), ('node', nodes.values()), ('edge', edges.values())):
            ks = sorted(set().union(*dicts) if dicts else set())
            for k in ks:
                t = 'string' if k in ('window', 'measure') else ty.get(k, 'double')
                lines.append('<key id="%s_%s" for="%s" attr.name="%s" attr.type="%s"/>'
                             % (fo[0], k, fo, k, t))
        lines.append('<graph id="g" edgedefault="undirected">')

        def data(prefix, d):
            return ''.join('<data key="%s_%s">%s</data>' % (prefix, k, v if isinstance(v, str)
                                                            else repr(v)) for k, v in d.items())
        lines.append(data('g', ga))
        for v, d in sorted(nodes.items()):
            lines.append('<node id="%s">%s</node>' % (v, data('n', d)))
        for (s, t), d in sorted(edges.items()):
            lines.append('<edge source="%s" target="%s">%s</edge>' % (t, s, data('e', d)))
        lines.append('</graph></graphml>')
        with open(path, 'w') as f:
            f.write('\n'.join(lines))

    def run_quiet(args):
        import io
        import contextlib
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            rc = run(ap.parse_args(args))
        return rc, buf.getvalue()
    base = ['--mentions', mpath, '--docs', os.path.join(tmp, 'docs.jsonl'), '--window',
            'sentences:1', '--windows-total', '10', '--measures', 'all', '--measure', 'npmi',
            '--backbone', '0.9']
    o = ap.parse_args(base + ['--graphml', 'x'])
    r0 = compute(o, read_docs(o.docs), read_mentions(o.mentions))
    gpath = os.path.join(tmp, 'g.graphml')
    cases = [
        ('exact copy', None, 0),
        ('edge missing', lambda g, n, e: e.pop(('x:B', 'x:C')), 1),
        ('weight off by 1e-6', lambda g, n, e: e[('x:B', 'x:C')].__setitem__('weight', e[('x:B', 'x:C')]['weight'] * (1 + 1e-6)), 1),
        ('weight off by 1e-11 relative', lambda g, n, e: e[('x:B', 'x:C')].__setitem__('weight', e[('x:B', 'x:C')]['weight'] * (1 + 1e-11)), 0),
        ('llr NaN', lambda g, n, e: e[('x:B', 'x:C')].__setitem__('llr', 'nan'), 1),
        ('strength inf', lambda g, n, e: n['x:A'].__setitem__('strength', 'inf'), 1),
        ('extra node', lambda g, n, e: n.__setitem__('x:Z', dict(n['x:A'])), 1),
        ('windows wrong', lambda g, n, e: g.__setitem__('windows', 11), 1),
        ('measure missing', lambda g, n, e: g.pop('measure'), 1),
        ('alpha wrong', lambda g, n, e: e[('x:A', 'x:C')].__setitem__('alpha', 0.3), 1),
        ('node windows wrong', lambda g, n, e: n['x:D'].__setitem__('windows', 2), 1),
    ]
    for name, mut, want in cases:
        write_graphml(gpath, r0, o, mut)
        rc, out = run_quiet(base + ['--graphml', gpath])
        if rc != want:
            fails.append('compare %s: exit %d, want %d:\n%s' % (name, rc, want, out))
    # N lower bound: sentence indexes go up to 3 in d1, 1 in d2, 0 in d3 -> N >= 7
    write_graphml(gpath, r0, o, lambda g, n, e: g.__setitem__('windows', 6))
    rc, out = run_quiet(base[:6] + base[8:] + ['--graphml', gpath])
    if rc != 1 or 'lower bound' not in out and '< 7' not in out:
        fails.append('N below the lower bound not caught:\n' + out)

    if fails:
        print('SELF-TEST FAILED (%d):' % len(fails))
        for f in fails:
            print('  ' + f)
        return 1
    print('ok: self-test (tokens, positions, 9 measures, windows, every filter, comparison)')
    return 0


def main(argv=None):
    ap = build_parser()
    opts = ap.parse_args(argv)
    try:
        if opts.self_test:
            return self_test()
        return run(opts)
    except UsageError as e:
        print('analysis_ref.py: %s' % e)
        return 2


if __name__ == '__main__':
    sys.exit(main())
