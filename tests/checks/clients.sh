#!/usr/bin/env bash
# Real clients read what entgraph writes: Graphviz (dot, neato, sfdp) renders
# the DOT without a warning, xmllint finds the GraphML well-formed, and igraph,
# networkx and graphology read the GraphML with the same nodes, labels and
# weights.  Run on the sample article and on a dictionary of hostile names.
set -u
mkdir -p "$TMP"
t() { if eval "$2" >"$TMP/log" 2>&1; then echo "ok - $1"; else echo "not ok - $1"; sed 's/^/#   /' "$TMP/log" | head -15; fi; }
G=$ROOT/tests/golden
NPM=$ROOT/build/npm
sh "$ROOT/tests/tools/npm-deps.sh" "$NPM" >/dev/null
for case in nhk hostile; do
    if [ $case = nhk ]; then
        args="--no-default-dicts --dict $ROOT/tests/dicts/nhk-test.jsonl $ROOT/tests/samples/nhk-2023-08-08-china-hacked-japan.txt"
    else
        args="--no-default-dicts --dict $G/graph-hostile-names/hostile.jsonl $G/graph-hostile-names/input.txt"
    fi
    o=$TMP/$case
    t "$case: graph writes GraphML and DOT" "$EG graph -q $args -o $o.graphml -o $o.dot"
    t "$case: xmllint finds the GraphML well-formed" "xmllint --noout $o.graphml"
    for l in dot neato sfdp; do
        t "$case: $l renders the DOT without errors or warnings" "$l -Tsvg $o.dot -o $o.$l.svg 2>$o.$l.err && [ ! -s $o.$l.err ] && xmllint --noout $o.$l.svg"
    done
    # igraph 0.10.2's reader returns '&' in an id attribute as '&#38;' (its
    # quirk: networkx, graphology and xmllint read '&'); undo that one.
    t "$case: igraph reads the GraphML" "$ROOT/build/tools/igraph_read $o.graphml | sed 's/&#38;/\\&/g' > $o.igraph"
    t "$case: networkx reads the GraphML" "/usr/bin/python3 $ROOT/tests/checks/networkx_read.py $o.graphml > $o.nx"
    t "$case: graphology reads the GraphML" "NODE_PATH=$NPM/node_modules node $ROOT/tests/checks/graphology_read.js $o.graphml > $o.gl"
    # the three readers agree on nodes, labels and total weight
    t "$case: igraph and networkx agree" "diff <(sort $o.igraph) <(sort $o.nx)"
    t "$case: graphology and networkx agree" "diff <(sort $o.gl) <(sort $o.nx)"
    # node ids and labels are the dictionary's
    t "$case: node ids are entity ids" "grep -q \$'\t' $o.nx && ! grep -qE '^n[0-9]+\s' $o.nx"
    t "$case: two runs give byte-identical files" "$EG graph -q $args -o $o.2.graphml -o $o.2.dot && cmp $o.graphml $o.2.graphml && cmp $o.dot $o.2.dot"
done
t "nhk: 13 nodes (the one isolate dropped) and 26 edges" "head -1 $TMP/nhk.nx | grep -qx 'nodes 13 edges 26'"
t "nhk: expected edges with expected weights" "/usr/bin/python3 $ROOT/tests/checks/networkx_read.py $TMP/nhk.graphml $ROOT/tests/checks/nhk-expected-edges.txt | grep '^edge' > $TMP/edges && ! grep -q WRONG $TMP/edges && [ \$(wc -l < $TMP/edges) -eq 6 ]"
t "hostile: labels survive the round trip" "grep -qF 'C:\\New' $TMP/hostile.nx && grep -qF 'Say \"Hi\"' $TMP/hostile.nx && grep -qF '<b>&amp;</b> & <i>' $TMP/hostile.nx && grep -qF 'Emoji 🚀🇯🇵 name' $TMP/hostile.nx"
t "hostile: Graphviz prints \\N literally" "grep -qF 'Node \\N \\G \\L' $TMP/hostile.dot.svg"
t "hostile: no control characters in outputs" "! LC_ALL=C grep -qP '[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]' $TMP/hostile.graphml $TMP/hostile.dot"
