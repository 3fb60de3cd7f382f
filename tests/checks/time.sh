#!/usr/bin/env bash
# Time and provenance: dated documents, one graph per period, a GEXF 1.3
# timeline read by Gephi's and Gephi Lite's parsers (and valid against the
# GEXF 1.3 RelaxNG schema), and the evidence behind each edge.
set -u
mkdir -p "$TMP"
t() { if eval "$2" >"$TMP/log" 2>&1; then echo "ok - $1"; else echo "not ok - $1"; sed 's/^/#   /' "$TMP/log" | head -15; fi; }
cd "$TMP"
D="--no-default-dicts --dict $ROOT/tests/dicts/nhk-test.jsonl"
NPM=$ROOT/build/npm
sh "$ROOT/tests/tools/npm-deps.sh" "$NPM" >/dev/null
# three months of the sample, a midnight in another zone, one undated and
# one unparseable date
/usr/bin/python3 - "$ROOT" <<'PY'
import json, sys
t = open(sys.argv[1] + '/tests/samples/nhk-2023-08-08-china-hacked-japan.txt').read()
paras = [p for p in t.split('\n') if p.strip()]
dates = ['2023-06-03', '2023-06-30T23:30:00-01:00', 'Tue, 04 Jul 2023 08:00:00 +0900', '2023-07-15',
         '2023-08-08 10:00:00', None, 'not a date', '2023-06-12']
with open('docs.jsonl', 'w') as f:
    for i, d in enumerate(dates):
        o = {'id': 'd%d' % i, 'title': 'Part %d' % i, 'url': 'https://example.org/%d' % i,
             'text': ' '.join(paras[(i * 3) % len(paras):(i * 3) % len(paras) + 5])}
        if d: o['date'] = d
        f.write(json.dumps(o) + '\n')
with open('weeks.jsonl', 'w') as f:
    for i, d in enumerate(['2020-12-31', '2021-01-03', '2021-01-04', '2024-12-30']):
        f.write(json.dumps({'id': 'w%d' % i, 'date': d, 'text': 'Japan and China.'}) + '\n')
PY
t "graph --by month: one graph per period, a timeline, the whole graph, evidence" \
  "$EG graph $D --by month -o 'g-{period}.graphml' -o timeline.gexf --evidence ev.jsonl --mentions m.jsonl docs.jsonl 2>err && \
   $EG graph -q $D -o whole.graphml -o static.gexf docs.jsonl && ls g-2023-06.graphml g-2023-07.graphml g-2023-08.graphml g-undated.graphml"
t "the summary counts undated documents and periods; an unparseable date is a warning with file:line" \
  "grep -q 'docs.jsonl:7: unparseable date .not a date.; the document is undated' err && grep -q '(0 skipped, 2 undated)' err && grep -q '4 periods' err"
t "a date-time is its UTC day: 2023-06-30T23:30-01:00 is in July" \
  "grep -q '\"d1\"' m.jsonl && grep '\"doc\":\"d1\"' m.jsonl | head -1 | grep -q '\"date\":\"2023-07-01\"'"
t "mentions carry the document's date, title and url" \
  "grep '\"doc\":\"d0\"' m.jsonl | head -1 | grep -q '\"date\":\"2023-06-03\",\"doc_title\":\"Part 0\",\"url\":\"https://example.org/0\"'"
t "the period graphs' edge weights add up to the undivided graph's" \
  "/usr/bin/python3 -c \"
import networkx as nx, glob, collections
tot = collections.Counter()
for f in glob.glob('g-*.graphml'):
    for a, b, d in nx.read_graphml(f).edges(data=True): tot[tuple(sorted((a, b)))] += d['weight']
w = nx.read_graphml('whole.graphml')
whole = collections.Counter({tuple(sorted((a, b))): d['weight'] for a, b, d in w.edges(data=True)})
assert tot == whole and len(whole) > 10, (len(tot), len(whole))
\""
t "node ids are entity ids in every period file; first_seen/last_seen and the date range are written" \
  "grep -q '<node id=\"country:JPN\">' g-2023-06.graphml && grep -q '<node id=\"country:JPN\">' g-2023-07.graphml && \
   grep -q 'v_first_seen\">2023-06-03<' whole.graphml && grep -q 'g_first_date\">2023-06-03<' whole.graphml && grep -q 'g_last_date\">2023-08-08<' whole.graphml && grep -q 'g_period\">2023-07<' g-2023-07.graphml"
t "every edge carries doc_ids: up to 5 document ids" \
  "/usr/bin/python3 -c \"
import networkx as nx
g = nx.read_graphml('whole.graphml')
ids = [d['doc_ids'].split(';') for _, _, d in g.edges(data=True)]
assert all(1 <= len(x) <= 5 for x in ids) and any(len(x) > 1 for x in ids)
\""
for f in timeline static; do
    t "$f.gexf is valid GEXF 1.3 (RelaxNG)" "xmllint --noout --relaxng $ROOT/tests/checks/gexf-1.3/gexf.rng $f.gexf"
    t "graphology-gexf (Gephi Lite) parses $f.gexf with every node and edge" \
      "NODE_PATH=$NPM/node_modules node $ROOT/tests/checks/gexf_read.js $f.gexf > $f.gl && head -1 $f.gl | grep -qx \"nodes \$(grep -c '<node ' whole.graphml) edges \$(grep -c '<edge ' whole.graphml)\""
done
# (undated documents count in the totals but have no place on a timeline:
# over the dated ones, the months add up to the totals)
t "networkx reads the timeline: dynamic, spells per month, per-period mentions adding up to the total" \
  "$EG graph -q $D --since 1900-01-01 --by month -o dated.gexf docs.jsonl && /usr/bin/python3 $ROOT/tests/checks/gexf_read.py dated.gexf > dtl.nx && \
   head -1 dtl.nx | grep -q 'mode dynamic' && grep -P '^country:JPN\tJapan\t(\d+)\t\1\t2023-06-01 2023-07-01 2023-08-01$' dtl.nx && \
   awk -F'\t' 'NR > 1 && NF == 5 && \$3 != \$4 { bad = 1 } END { exit bad }' dtl.nx"
t "the timeline and the static GEXF have the same totals" \
  "/usr/bin/python3 $ROOT/tests/checks/gexf_read.py timeline.gexf | cut -f1-3 > tl.nx && /usr/bin/python3 $ROOT/tests/checks/gexf_read.py static.gexf | cut -f1-3 > st.nx && sed 's/mode dynamic/mode static/' tl.nx | diff - st.nx"
# evidence
t "every evidence line's window holds both entities (checked against the mentions)" \
  "/usr/bin/python3 -c \"
import json, collections
where = collections.defaultdict(set)
for l in open('m.jsonl'):
    m = json.loads(l); where[(m['doc'], m['sentence'])].add(m['id'])
n = 0
for l in open('ev.jsonl'):
    e = json.loads(l); n += 1
    assert {e['source'], e['target']} <= where[(e['doc'], e['sentence'])], e
    assert e['source_mention']['text'] and e['target_mention']['text'] and e['snippet']
assert n > 20, n
\""
t "--evidence-max 2: at most 2 windows per edge, the earliest first" \
  "$EG graph -q $D --evidence ev2.jsonl --evidence-max 2 -o /dev/null --format dot docs.jsonl && /usr/bin/python3 -c \"
import json, collections
per = collections.defaultdict(list)
for l in open('ev2.jsonl'):
    e = json.loads(l); per[(e['source'], e['target'])].append((e.get('date', '9999'), e['doc'], e['sentence']))
assert per and all(len(v) <= 2 for v in per.values()) and any(len(v) == 2 for v in per.values())
assert all(v == sorted(v) for v in per.values())
\""
t "evidence and graphs are identical for --jobs 1 and --jobs 3" \
  "$EG graph -q $D -j 1 --by month -o 'j1-{period}.graphml' -o j1.gexf --evidence 'ej1-{period}.jsonl' docs.jsonl && \
   $EG graph -q $D -j 3 --by month -o 'j3-{period}.graphml' -o j3.gexf --evidence 'ej3-{period}.jsonl' docs.jsonl && \
   cmp j1.gexf j3.gexf && for p in 2023-06 2023-07 2023-08 undated; do cmp j1-\$p.graphml j3-\$p.graphml && cmp ej1-\$p.jsonl ej3-\$p.jsonl || exit 1; done"
# periods: weeks, quarters, years, filters
t "ISO weeks: 2020-12-31 and 2021-01-03 are 2020-W53, 2021-01-04 is 2021-W01, 2024-12-30 is 2025-W01" \
  "$EG graph -q $D --by week -o 'w-{period}.graphml' weeks.jsonl && ls w-*.graphml | tr '\n' ' ' | grep -qx 'w-2020-W53.graphml w-2021-W01.graphml w-2025-W01.graphml '"
t "--by quarter and --by year name their periods 2023-Q2, 2023" \
  "$EG graph -q $D --by quarter --skip-undated -o 'q-{period}.dot' docs.jsonl && $EG graph -q $D --by year --skip-undated -o 'y-{period}.dot' docs.jsonl && ls q-2023-Q2.dot q-2023-Q3.dot y-2023.dot && [ ! -e q-undated.dot ] && [ ! -e y-undated.dot ]"
t "--since/--until keep the documents dated in range (undated ones out), and say so" \
  "$EG graph $D --since 2023-07-01 --until 2023-07-31 -o july.graphml docs.jsonl 2>err2 && grep -q 'g_first_date\">2023-07-01<' july.graphml && grep -q 'g_last_date\">2023-07-15<' july.graphml && grep -q '3 documents (0 skipped, 5 outside the dates)' err2"
t "--by without {period} or .gexf, and {period} without --by, are usage errors" \
  "$EG graph -q $D --by month -o x.graphml docs.jsonl; [ \$? -eq 2 ] && $EG graph -q $D -o 'x-{period}.graphml' docs.jsonl; [ \$? -eq 2 ] && [ ! -e x.graphml ]"
