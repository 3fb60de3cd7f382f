#!/usr/bin/env bash
# Large generated inputs, made at test time in $TMP: a dictionary of
# 1,000,000 aliases, and one sentence naming 5,000 distinct entities (the
# per-window cap, --max-per-window, default 1000, keeps the pairs bounded).
set -u
mkdir -p "$TMP"
export ENTGRAPH_CACHE_DIR="$TMP/cache"   # keep compiled dictionaries out of $HOME
t() { if eval "$2" >"$TMP/log" 2>&1; then echo "ok - $1"; else echo "not ok - $1"; sed 's/^/#   /' "$TMP/log" | head -15; fi; }

# 100,000 entities with 10 aliases each (TSV: alias, id, type)
python3 -c "
import sys
w = sys.stdout.write
for i in range(1000000):
    w('Entity %d\te:%d\tt\n' % (i, i // 10))
" > "$TMP/million.tsv"
t "a dictionary of 1,000,000 aliases loads" \
  "timeout 120 $EG dict check $TMP/million.tsv > $TMP/check.out && tail -1 $TMP/check.out | grep -qx ok && grep -Eq '^total +100000 +1000000\$' $TMP/check.out"
printf 'Entity 999999 met Entity 0 and Entity 5000.' > "$TMP/million.txt"
t "a dictionary of 1,000,000 aliases matches" \
  "timeout 120 $EG tag --no-default-dicts --dict $TMP/million.tsv --format tsv $TMP/million.txt | cut -f7 | tail -n +2 | tr '\n' ' ' | grep -qx 'e:99999 e:0 e:500 '"
rm -f "$TMP/million.tsv"

# 5,000 entities named in one sentence
python3 -c "
import json
with open('$TMP/e5k.jsonl', 'w') as f:
    for i in range(5000):
        f.write(json.dumps({'id': 'e:%04d' % i, 'name': 'Ent%04d' % i, 'type': 't'}) + '\n')
with open('$TMP/e5k.txt', 'w') as f:
    f.write('In one sentence: ' + ', '.join('Ent%04d' % i for i in range(5000)) + '.\n')
"
t "5,000 entities in one sentence: graph finishes, warns about the cap and the skipped betweenness" \
  "timeout 120 $EG graph --keep-isolates --no-default-dicts --dict $TMP/e5k.jsonl -o $TMP/e5k.dot $TMP/e5k.txt 2>$TMP/err && grep -qx 'entgraph: warning: 1 window had more than 1000 distinct entities; only the first 1000 were paired' $TMP/err && grep -q ', 5000 entities, 499500 edges, ' $TMP/err && grep -q 'betweenness skipped: 5000 nodes x 499500 edges' $TMP/err && ! grep -q 'betweenness=' $TMP/e5k.dot"
t "5,000 entities in one sentence (--keep-isolates): 5,000 nodes, 1000*999/2 edges in the DOT" \
  "[ \$(grep -c ' \\[label=' $TMP/e5k.dot) -eq 5000 ] && [ \$(grep -c ' -- ' $TMP/e5k.dot) -eq 499500 ]"
t "--max-per-window 50 bounds the pairs to 50*49/2; without --keep-isolates only the 50 paired are nodes" \
  "timeout 120 $EG graph -q --max-per-window 50 --no-default-dicts --dict $TMP/e5k.jsonl -o $TMP/e5k.dot $TMP/e5k.txt && [ \$(grep -c ' -- ' $TMP/e5k.dot) -eq 1225 ] && [ \$(grep -c ' \\[label=' $TMP/e5k.dot) -eq 50 ]"
rm -f "$TMP/e5k.dot"
rm -rf "$TMP/cache"
