#!/usr/bin/env bash
# --layout fr|drl: the coordinates reach every client.  GraphML x/y as Gephi
# Lite's parser (graphology-graphml) reads them, GEXF viz:position as
# graphology-gexf reads it (and the file still validates against the GEXF
# 1.3 RelaxNG schema), and DOT pos drawn by `neato -n` at those positions.
# Layouts are seeded: the same seed gives the same bytes, another seed
# another layout.
set -u
mkdir -p "$TMP"
t() { if eval "$2" >"$TMP/log" 2>&1; then echo "ok - $1"; else echo "not ok - $1"; sed 's/^/#   /' "$TMP/log" | head -15; fi; }
cd "$TMP"
PY=/usr/bin/python3
NPM=$ROOT/build/npm
sh "$ROOT/tests/tools/npm-deps.sh" "$NPM" >/dev/null
BROWN=$(echo "$ROOT"/tests/eval/docs/*.txt)
cat > pos.js <<'JS'
// Print "id x y" for every node of a GraphML or GEXF file, as graphology reads it.
const Graph = require('graphology');
const fs = require('fs');
const f = process.argv[2];
const parser = f.endsWith('.gexf') ? require('graphology-gexf') : require('graphology-graphml');
const g = parser.parse(Graph, fs.readFileSync(f, 'utf8'));
g.forEachNode((k, a) => console.log(`${k}\t${a.x}\t${a.y}`));
JS
cat > same.py <<'PY'
"""same.py A B [tolerance]: two "id x y" listings agree up to a translation,
within the tolerance (default 0.01 units); every node has numbers."""
import sys
def load(f):
    out = {}
    for l in open(f):
        k, x, y = l.rstrip('\n').split('\t')
        out[k] = (float(x), float(y))
    return out
a, b = load(sys.argv[1]), load(sys.argv[2])
tol = float(sys.argv[3]) if len(sys.argv) > 3 else 0.01
assert a.keys() == b.keys() and len(a) > 10, (len(a), len(b))
k0 = sorted(a)[0]
for k in a:
    da = (a[k][0] - a[k0][0], a[k][1] - a[k0][1])
    db = (b[k][0] - b[k0][0], b[k][1] - b[k0][1])
    assert abs(da[0] - db[0]) < tol and abs(da[1] - db[1]) < tol, (k, a[k], b[k])
xs = [v[0] for v in a.values()]
assert max(xs) - min(xs) > 1, 'all nodes at one place'
print('ok', len(a))
PY
cat > plain.py <<'PY'
"""plain.py FILE.plain: "id x y" in points from `neato -n -Tplain` (inches
there, to 1/1000: compare within 0.2 points)."""
import sys, shlex
for l in open(sys.argv[1]):
    f = shlex.split(l)
    if f and f[0] == 'node':
        print('%s\t%s\t%s' % (f[1], float(f[2]) * 72, float(f[3]) * 72))
PY
for L in fr drl; do
    t "--layout $L: GraphML, GEXF and DOT written" \
      "$EG graph -q --layout $L --min-weight 2 -o $L.graphml -o $L.gexf -o $L.dot $BROWN && grep -q 'v_x' $L.graphml && grep -q '<viz:position ' $L.gexf && grep -q 'pos=\"' $L.dot"
    t "--layout $L: graphology (Gephi Lite) reads x, y from the GraphML: the written coordinates" \
      "NODE_PATH=$NPM/node_modules node pos.js $L.graphml > $L.gl && $PY -c \"
import xml.etree.ElementTree as ET
ns = {'g': 'http://graphml.graphdrawing.org/xmlns'}
r = ET.parse('$L.graphml').getroot()
for n in r.iter('{http://graphml.graphdrawing.org/xmlns}node'):
    d = {e.get('key'): e.text for e in n.findall('g:data', ns)}
    print('%s\t%s\t%s' % (n.get('id'), d['v_x'], d['v_y']))
\" > $L.xy && $PY same.py $L.xy $L.gl"
    t "--layout $L: graphology-gexf reads viz:position (the same coordinates); the GEXF validates" \
      "NODE_PATH=$NPM/node_modules node pos.js $L.gexf > $L.gx && $PY same.py $L.xy $L.gx && \
       xmllint --noout --relaxng $ROOT/tests/checks/gexf-1.3/gexf.rng $L.gexf"
    t "--layout $L: neato -n draws every node at its pos (points), without warnings" \
      "neato -n -Tplain $L.dot > $L.plain 2> $L.err && [ ! -s $L.err ] && $PY plain.py $L.plain > $L.np && $PY same.py $L.xy $L.np 0.2 && \
       neato -n -Tsvg $L.dot > $L.svg 2>> $L.err && [ ! -s $L.err ] && xmllint --noout $L.svg"
done
t "the same seed gives the same layout; another seed another one" \
  "$EG graph -q --layout fr --min-weight 2 -o s1.graphml $BROWN && $EG graph -q --layout fr --min-weight 2 -o s2.graphml $BROWN && \
   cmp s1.graphml s2.graphml && $EG graph -q --layout fr --seed 9 --min-weight 2 -o s3.graphml $BROWN && ! cmp -s s1.graphml s3.graphml"
t "without --layout: no coordinates anywhere (Gephi lays the graph out itself)" \
  "$EG graph -q --min-weight 2 -o n.graphml -o n.gexf -o n.dot $BROWN && ! grep -q 'v_x' n.graphml && ! grep -q 'viz:position' n.gexf && \
   ! grep -q 'pos=' n.dot && grep -q 'layout=\"sfdp\"' n.dot"
t "--layout on an empty graph: valid, empty outputs" \
  "echo 'nothing to see' > empty.txt && $EG graph -q --layout fr -o e.graphml -o e.gexf -o e.dot empty.txt && xmllint --noout e.graphml && \
   xmllint --noout --relaxng $ROOT/tests/checks/gexf-1.3/gexf.rng e.gexf && dot -Tsvg e.dot > /dev/null"
