#!/usr/bin/env bash
# Redraw the two pictures of the README's "Reading a big graph": the 500
# Brown corpus texts (build/bench/data/brown.jsonl, made by `make bench-data`)
# as a raw co-mention graph (sfdp) and as npmi with the 0.05 backbone (laid
# out by entgraph, drawn with neato -n).  Run from the top of the tree.
set -eu
B=build/bench/data/brown.jsonl
[ -f "$B" ] || make bench-data
D=examples/brown
build/entgraph graph -q -o "$D/raw.dot" "$B"
build/entgraph graph -q --measure npmi --backbone 0.05 --layout fr -o "$D/backbone.dot" "$B"
sfdp -Tpng -Gsize=9,9 -Gdpi=72 "$D/raw.dot" > "$D/raw.png"
neato -n -Tpng -Gsize=9,9 -Gdpi=72 "$D/backbone.dot" > "$D/backbone.png"
rm -f "$D/raw.dot" "$D/backbone.dot"
