#!/usr/bin/env bash
# Every format in the client that reads it (issue 14): the CSV tables in
# Python's csv module, graphology JSON in graphology (Graph.from) and drawn
# by sigma.js 3 and 4 in headless Chromium (as is the GraphML), Cytoscape.js
# JSON in headless Cytoscape, Pajek in igraph's C reader, python-igraph and
# networkx, SVG in xmllint and Chromium, and the HTML report in Chromium
# (no console error; highlighted mentions and drawn nodes counted against
# the mentions and the graph; a screenshot under build/screenshots/).
# Hostile names go through every format.
set -u
mkdir -p "$TMP"
t() { if eval "$2" >"$TMP/log" 2>&1; then echo "ok - $1"; else echo "not ok - $1"; sed 's/^/#   /' "$TMP/log" | head -15; fi; }
cd "$TMP"
PY=/usr/bin/python3
NPM=$ROOT/build/npm
B=$ROOT/tests/checks/browser
SHOTS=$ROOT/build/screenshots
mkdir -p "$SHOTS"
sh "$ROOT/tests/tools/npm-deps.sh" "$NPM" >/dev/null
export NODE_PATH=$NPM/node_modules
NHK=$ROOT/tests/samples/nhk-2023-08-08-china-hacked-japan.txt
BROWN=$(echo "$ROOT"/tests/eval/docs/*.txt)
HOSTILE="--no-default-dicts --dict $ROOT/tests/golden/graph-hostile-names/hostile.jsonl $ROOT/tests/golden/graph-hostile-names/input.txt"
ALL="-o g.graphml -o g.nodes.csv -o g.edges.csv -o g.json -o g.cyjs -o g.net -o g.svg -o g.html -o g.gexf -o g.dot"

t "one run writes every format (brown, npmi, all measures, a layout)" \
  "$EG graph -q --measure npmi --measures all --min-weight 0.05 --layout fr --mentions g.m.jsonl $ALL $BROWN && \
   ls g.graphml g.nodes.csv g.edges.csv g.json g.cyjs g.net g.svg g.html g.gexf g.dot"
t "every format is deterministic (a second run, --jobs 1: the same bytes)" \
  "mkdir -p again && (cd again && $EG graph -q -j 1 --measure npmi --measures all --min-weight 0.05 --layout fr $ALL $BROWN) && \
   for f in g.graphml g.nodes.csv g.edges.csv g.json g.cyjs g.net g.svg g.html g.gexf g.dot; do cmp \$f again/\$f || exit 1; done"
t "-o g.csv says how CSV is named; --format takes every format name" \
  "! $EG graph -q -o g.csv $NHK 2>err && grep -q 'name them NAME.nodes.csv and NAME.edges.csv' err && \
   for f in graphml dot gexf nodes.csv edges.csv json cyjs pajek svg html; do $EG graph -q --format \$f -o - $NHK > /dev/null || exit 1; done"

# --- CSV -------------------------------------------------------------------------------------
cat > csvcheck.py <<'PY'
"""csvcheck.py PREFIX: Python's csv module reads PREFIX.nodes.csv and
PREFIX.edges.csv; Gephi's column names; the same nodes, edges, labels and
numbers as PREFIX.graphml (networkx).  A text cell starting with an
apostrophe lost one on reading (the formula guard)."""
import csv, sys, math
import networkx as nx
p = sys.argv[1]
def unguard(s):
    return s[1:] if s.startswith("'") else s
g = nx.read_graphml(p + '.graphml')
with open(p + '.nodes.csv', newline='', encoding='utf-8') as f:
    nodes = list(csv.DictReader(f))
with open(p + '.edges.csv', newline='', encoding='utf-8') as f:
    edges = list(csv.DictReader(f))
assert list(nodes[0])[:2] == ['Id', 'Label'] if nodes else True, list(nodes[0])
assert list(edges[0])[:4] == ['Source', 'Target', 'Type', 'Weight'] if edges else True
ids = {unguard(r['Id']) for r in nodes}
assert ids == set(g.nodes), (len(ids), g.number_of_nodes())
for r in nodes:
    a = g.nodes[unguard(r['Id'])]
    assert unguard(r['Label']) == a['label'], (r['Label'], a['label'])
    assert unguard(r['entity_type']) == a['entity_type']
    assert int(r['mentions']) == a['mentions'] and math.isclose(float(r['pagerank']), a['pagerank'], rel_tol=1e-12)
seen = set()
for r in edges:
    s, t = unguard(r['Source']), unguard(r['Target'])
    assert r['Type'] == 'Undirected'
    assert g.has_edge(s, t), (s, t)
    d = g.edges[s, t]
    assert math.isclose(float(r['Weight']), d['weight'], rel_tol=1e-12) and int(r['count']) == d['count']
    seen.add(frozenset((s, t)))
assert len(seen) == g.number_of_edges() == len(edges)
print('csv ok', len(nodes), len(edges))
PY
t "CSV: Python's csv reads both tables: Gephi's columns, the GraphML's nodes, edges, labels and numbers" "$PY csvcheck.py g"
t "CSV: RFC 4180 (CRLF, quoted commas, quotes and newlines; UTF-8)" \
  "head -1 g.edges.csv | od -c | grep -q '\\\\r  \\\\n' && $PY -c \"open('g.nodes.csv', encoding='utf-8').read()\""

# --- graphology JSON, sigma.js -----------------------------------------------------------------
t "graphology JSON: Graph.from() gives the GraphML's graph (nodes, edges, every attribute; color; no 'type')" \
  "node $B/same-graph.js g.json g.graphml"
for v in 3 4; do
    t "sigma.js $v bundled with esbuild" \
      "$NPM/node_modules/.bin/esbuild $B/sigma-page.js --bundle --log-level=error --alias:sigma=sigma$v --outfile=sigma$v.js"
    for kind in json graphml; do
        $PY - "$kind" "$v" <<'PY'
import json, sys
kind, v = sys.argv[1], sys.argv[2]
data = open('g.' + kind, encoding='utf-8').read()
with open('sigma%s-%s.html' % (v, kind), 'w', encoding='utf-8') as f:
    f.write('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">'
            '<div id="container" style="width:1100px;height:900px"></div>'
            '<script>window.GRAPH_KIND=%s;window.GRAPH_DATA=%s;</script><script src="sigma%s.js"></script></body></html>'
            % (json.dumps(kind), json.dumps(data).replace('</', '<\\/'), v))
PY
        t "sigma.js $v draws the $kind in headless Chromium, no console error (build/screenshots/sigma$v-$kind.png)" \
          "node $B/drive.js sigma$v-$kind.html $SHOTS/sigma$v-$kind.png > r.json && $PY -c \"
import json, networkx as nx
r = json.load(open('r.json')); g = nx.read_graphml('g.graphml')
assert r['nodes'] == g.number_of_nodes() and r['edges'] == g.number_of_edges() and r['drawn'], r
assert 'country' in r['types'], r
\""
    done
done

# --- Cytoscape.js ------------------------------------------------------------------------------
t "Cytoscape.js (headless) loads the .cyjs: the GraphML's counts and total weight" \
  "node $B/cy.js g.cyjs > cy.out && $PY -c \"
import networkx as nx
g = nx.read_graphml('g.graphml'); o = open('cy.out').read().split('\n')
assert o[0] == 'nodes %d edges %d' % (g.number_of_nodes(), g.number_of_edges()), o[0]
assert o[1] == 'total weight %d' % round(sum(d['weight'] for _, _, d in g.edges(data=True))), o[1]
\""

# --- Pajek -------------------------------------------------------------------------------------
cat > pajek.py <<'PY'
"""pajek.py FILE.net FILE.graphml: networkx and python-igraph read the
Pajek file: the GraphML's node ids (after %XX decoding) and edges with
their weights."""
import sys, urllib.parse
import networkx as nx, igraph
net, gml = sys.argv[1], sys.argv[2]
g = nx.read_graphml(gml)
dec = lambda s: urllib.parse.unquote(s, errors='strict')
p = nx.read_pajek(net)
assert {dec(n) for n in p.nodes} == set(g.nodes), (sorted(p.nodes)[:5], sorted(g.nodes)[:5])
assert p.number_of_edges() == g.number_of_edges()
for a, b, d in p.edges(data=True):
    assert abs(float(d['weight']) - g.edges[dec(a), dec(b)]['weight']) <= 1e-9 * max(1, g.edges[dec(a), dec(b)]['weight'])
h = igraph.Graph.Read_Pajek(net)
names = [dec(x) for x in h.vs['id']]
assert sorted(names) == sorted(g.nodes) and h.ecount() == g.number_of_edges()
for e in h.es:
    a, b = names[e.source], names[e.target]
    assert abs(e['weight'] - g.edges[a, b]['weight']) <= 1e-9 * max(1, g.edges[a, b]['weight'])
print('pajek ok', h.vcount(), h.ecount())
PY
t "Pajek: networkx and python-igraph read it: the GraphML's ids and weighted edges" "$PY pajek.py g.net g.graphml"
t "Pajek: igraph's C reader agrees on the counts" \
  "$ROOT/build/tools/igraph_read g.net | head -1 | grep -qx \"nodes \$(grep -c '<node ' g.graphml) edges \$(grep -c '<edge ' g.graphml)\""

# --- SVG and the report ------------------------------------------------------------------------
t "SVG: well-formed, one circle per node and one line per edge, a title on each" \
  "xmllint --noout g.svg && [ \$(grep -c '<circle class=\"node\"' g.svg) -eq \$(grep -c '<node ' g.graphml) ] && \
   [ \$(grep -c '<line class=\"edge\"' g.svg) -eq \$(grep -c '<edge ' g.graphml) ] && [ \$(grep -c '<title>' g.svg) -eq \$(( \$(grep -c '<node ' g.graphml) + \$(grep -c '<edge ' g.graphml) )) ]"
REPORT_JS="(() => { const th = document.querySelector('#entity-table th:nth-child(3)'); th.click(); th.click();
  const v = Array.from(document.querySelectorAll('#entity-table tbody tr td:nth-child(3)')).map(td => +td.textContent);
  return { marks: document.querySelectorAll('mark.m').length, ambiguous: document.querySelectorAll('mark.amb').length,
    circles: document.querySelectorAll('svg circle.node').length, lines: document.querySelectorAll('svg line.edge').length,
    rows: document.querySelectorAll('#entity-table tbody tr').length, docs: document.querySelectorAll('article').length,
    sorted: v.every((x, i) => i == 0 || v[i - 1] >= x), links: document.querySelectorAll('#entity-table a').length,
    dangling: Array.from(document.querySelectorAll('#entity-table a')).filter(a => !document.getElementById(a.hash.slice(1))).length,
    text: document.querySelector('article .text').textContent,
    marks0: Array.from(document.querySelectorAll('article:first-of-type .text mark')).map(m => m.textContent) }; })()"
cat > reportcheck.py <<'PY'
"""reportcheck.py RESULT.json MENTIONS.jsonl GRAPH.graphml DOCS N: the
report shows one highlight per mention of its first N documents, one
circle per node, one line per edge, one row per entity, working links, a
table that sorts, the first document's text exactly and its highlights
exactly the mentions' text, in order."""
import json, sys, collections
import networkx as nx
r = json.load(open(sys.argv[1]))
g = nx.read_graphml(sys.argv[3])
n = int(sys.argv[5])
docs = []
for l in open(sys.argv[2], encoding='utf-8'):
    m = json.loads(l)
    if not docs or docs[-1][0] != m['doc']:
        docs.append([m['doc'], 0, 0])
    docs[-1][1] += 1
    docs[-1][2] += bool(m.get('ambiguous'))
shown = [d for d in docs[:n]]
assert r['marks'] == sum(d[1] for d in shown), (r['marks'], sum(d[1] for d in shown))
assert r['ambiguous'] == sum(d[2] for d in shown), r['ambiguous']
assert r['circles'] == g.number_of_nodes() and r['lines'] == g.number_of_edges(), r
assert r['rows'] == g.number_of_nodes() and r['sorted'] and r['links'] > 0 and r['dangling'] == 0, r
first_doc = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
first_doc = [m['text'] for m in first_doc if m['doc'] == first_doc[0]['doc']]
assert r['marks0'] == first_doc, (r['marks0'][:5], first_doc[:5])
first = sys.argv[4]
if first.endswith('.txt'):
    assert r['text'] == open(first, encoding='utf-8').read(), 'the first document is not shown exactly'
print('report ok', r['marks'], r['circles'])
PY
t "the report opens in headless Chromium with no console error and no network request (build/screenshots/report.png)" \
  "node $ROOT/tests/checks/browser/drive.js g.html $SHOTS/report.png \"$REPORT_JS\" > rep.json"
t "the report: a highlight per mention (first 50 documents), a circle per node, a line per edge, a row per entity, links that land, sorting" \
  "$PY reportcheck.py rep.json g.m.jsonl g.graphml $(echo $BROWN | cut -d' ' -f1) 50"
t "entgraph report (the report command): report.html by default, --report-docs 3 shows 3 documents" \
  "mkdir -p rc && (cd rc && $EG report -q --report-docs 3 --mentions m.jsonl $BROWN) && \
   node $ROOT/tests/checks/browser/drive.js rc/report.html $SHOTS/report-3.png \"$REPORT_JS\" > rc.json && \
   $PY -c \"import json; r = json.load(open('rc.json')); assert r['docs'] == 3, r\" && \
   $EG graph -q -o rc/g.graphml --layout fr $BROWN && $PY reportcheck.py rc.json rc/m.jsonl rc/g.graphml $(echo $BROWN | cut -d' ' -f1) 3"
t "the report with 10,000 mentions opens fast (under 10 s, headless)" \
  "$PY -c \"
import json
with open('big.jsonl', 'w') as f:
    for i in range(400):
        f.write(json.dumps({'id': 'b%d' % i, 'text': ' '.join(['Japan and China met the United States and the NSA.'] * 8)}) + '\n')
\" && $EG graph -q --report-docs 400 --mentions big.m.jsonl -o big.html big.jsonl && [ \$(wc -l < big.m.jsonl) -ge 10000 ] && \
   timeout 10 node $ROOT/tests/checks/browser/drive.js big.html $SHOTS/report-big.png \"$REPORT_JS\" > big.json && \
   $PY -c \"import json; r = json.load(open('big.json')); assert r['marks'] >= 10000, r\""

# --- hostile names through every format --------------------------------------------------------
t "hostile names: every format written" "$EG graph -q --layout fr --mentions h.m.jsonl $(echo $ALL | sed 's/ g\./ h./g') $HOSTILE"
cat > formula.jsonl <<'J'
{"id":"=cmd|' /C calc'!A0","name":"=HYPERLINK(\"http://x\"), \"quoted\"\nnext line","type":"t","aliases":["Formulax"]}
{"id":"x:plus","name":"+1, -2 @3","type":"t","aliases":["Plusx"]}
{"id":"x:apostrophe","name":"'already quoted","type":"t","aliases":["Apostrophex"]}
J
echo "Formulax met Plusx and Apostrophex." > formula.txt
cat > formula.py <<'PY'
"""formula.py: every Id and Label of f.nodes.csv carries the guard
apostrophe (they all begin with = + ' or a letter after one), and without
it the labels are exactly the dictionary's."""
import csv
rows = list(csv.DictReader(open('f.nodes.csv', newline='', encoding='utf-8')))
raw = open('f.nodes.csv', encoding='utf-8').read()
assert all(r['Id'].startswith("'") or r['Id'].startswith('x:') for r in rows), rows
assert all(r['Label'].startswith("'") for r in rows), rows
labels = {r['Label'][1:] for r in rows}
want = {'=HYPERLINK("http://x"), "quoted"\nnext line', '+1, -2 @3', "'already quoted"}
assert labels == want, labels
assert '"\'=HYPERLINK(""http://x""), ""quoted""\nnext line"' in raw, raw
print('formula ok')
PY
t "CSV: a label and an id with a comma, quotes, a newline and a leading = + @ ' round-trip (one guard apostrophe removed)" \
  "$EG graph -q --no-default-dicts --dict formula.jsonl -o f.graphml -o f.nodes.csv -o f.edges.csv formula.txt && $PY csvcheck.py f && $PY formula.py"
t "hostile names: CSV round trip (quotes, newlines, markup, right-to-left text)" \
  "$PY csvcheck.py h && $PY -c \"
import csv
rows = list(csv.DictReader(open('h.nodes.csv', newline='', encoding='utf-8')))
labels = {r['Label'] for r in rows}
assert 'Say \\\"Hi\\\"' in labels and 'two\\nlines\\r\\nhere' in labels and '<b>&amp;</b> & <i>' in labels, labels
\""
t "hostile names: graphology JSON and GraphML agree; sigma 4 draws the JSON" \
  "node $B/same-graph.js h.json h.graphml && $PY - <<'PY' && node $B/drive.js hs.html $SHOTS/sigma4-hostile.png > /dev/null
import json
data = open('h.json', encoding='utf-8').read()
open('hs.html', 'w', encoding='utf-8').write('<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><div id=\"container\" style=\"width:800px;height:600px\"></div><script>window.GRAPH_KIND=\"json\";window.GRAPH_DATA=%s;</script><script src=\"sigma4.js\"></script></body></html>' % json.dumps(data).replace('</', '<\\\\/'))
PY"
t "hostile names: Cytoscape.js, Pajek (networkx, python-igraph, igraph C) and SVG" \
  "node $B/cy.js h.cyjs > /dev/null && $PY pajek.py h.net h.graphml && $ROOT/build/tools/igraph_read h.net > /dev/null && xmllint --noout h.svg"
t "hostile names: the report opens with no console error, every mention highlighted" \
  "node $ROOT/tests/checks/browser/drive.js h.html $SHOTS/report-hostile.png \"$REPORT_JS\" > hr.json && \
   $PY reportcheck.py hr.json h.m.jsonl h.graphml x 50"

# --unknown: provisional entities carry "provisional" in every format, as a
# boolean where the format has one
U="$ROOT/tests/golden/suggest-unknown/docs.jsonl"
t "--unknown: every format written" \
  "$EG graph -q --unknown --layout fr -o u.graphml -o u.gexf -o u.json -o u.cyjs -o u.nodes.csv -o u.html -o u.dot $U"
t "--unknown: networkx reads provisional as a boolean, true exactly for the new: nodes" "$PY - <<'PY'
import networkx as nx
g = nx.read_graphml('u.graphml')
prov = {n for n, a in g.nodes(data=True) if a.get('provisional') is True}
new = {n for n in g.nodes if n.startswith('new:')}
assert new and prov == new, (prov, new)
assert all(isinstance(a['provisional'], bool) for _, a in g.nodes(data=True))
PY"
t "--unknown: the GEXF is valid GEXF 1.3 and graphology-gexf reads it" \
  "xmllint --noout --relaxng $ROOT/tests/checks/gexf-1.3/gexf.rng u.gexf && NODE_PATH=$NPM/node_modules node $ROOT/tests/checks/gexf_read.js u.gexf > /dev/null"
t "--unknown: graphology JSON has provisional: true (a JSON boolean) and agrees with the GraphML; CSV says true/false" "node $B/same-graph.js u.json u.graphml && $PY - <<'PY'
import csv, json
j = json.load(open('u.json', encoding='utf-8'))
for n in j['nodes']:
    assert n['attributes']['provisional'] is n['key'].startswith('new:'), n
rows = list(csv.DictReader(open('u.nodes.csv', newline='', encoding='utf-8')))
assert {r['provisional'] for r in rows} == {'true', 'false'}, rows
assert all((r['provisional'] == 'true') == r['Id'].startswith('new:') for r in rows)
PY"
t "--unknown: Cytoscape.js loads it; dot draws it; the report shows the provisional legend" \
  "node $B/cy.js u.cyjs > /dev/null && dot -Tsvg u.dot > /dev/null && grep -q 'provisional (--unknown)' u.html"
