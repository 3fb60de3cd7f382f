#!/usr/bin/env bash
# The fast paths change no result: the case-aware prefilter (lower-case
# words skip the walk unless an alias can match in lower case) against the
# full prefilter (--explain=all walks every word to list case rejections):
# the same mentions on the Brown texts and the NHK sample, with the default
# dictionaries and with every alias made case-insensitive or exact.
set -u
mkdir -p "$TMP" && cd "$TMP" || exit 1
t() { if eval "$2" >"$TMP/log" 2>&1; then echo "ok - $1"; else echo "not ok - $1"; sed 's/^/#   /' "$TMP/log" | head -15; fi; }
PY=/usr/bin/python3
IN="$ROOT/tests/eval/docs"
strip() { $PY -c '
import json, sys
for l in sys.stdin:
    m = json.loads(l)
    if "rejected" in m: continue
    for k in ("how", "from", "score", "runner_up"):   # what --explain adds
        m.pop(k, None)
    if not m.get("ambiguous"):
        m.pop("candidates", None)
    print(json.dumps(m, sort_keys=True))'; }
t "default dictionaries: the case-aware prefilter finds exactly the mentions of the full one (Brown, NHK)" \
  "$EG tag -q $IN > fast.jsonl && $EG tag -q --explain=all $IN | strip > full.jsonl && strip < fast.jsonl > fast.s && cmp fast.s full.jsonl && [ \$(wc -l < fast.s) -gt 1000 ]"
# every alias case-insensitive, then exact: lower-case words must still be walked
$PY - "$ROOT/dicts" > insensitive.jsonl <<'PY'
import glob, json, sys
for p in sorted(glob.glob(sys.argv[1] + "/*.jsonl")):
    for l in open(p, encoding="utf-8"):
        e = json.loads(l)
        if "id" in e and "name" in e and not e.get("drop"):
            e["case"] = "insensitive"
            print(json.dumps(e))
PY
sed 's/"case": "insensitive"/"case": "exact"/' insensitive.jsonl > exact.jsonl
for pol in insensitive exact; do
  t "every alias $pol: the same mentions with and without the case-aware prefilter" \
    "$EG tag -q --no-default-dicts --dict $pol.jsonl $IN > f.jsonl && $EG tag -q --no-default-dicts --dict $pol.jsonl --explain=all $IN | strip > g.jsonl && \
     strip < f.jsonl > f.s && cmp f.s g.jsonl && [ \$(wc -l < f.s) -gt 1000 ]"
done
t "insensitive aliases still find lower-case words (the prefilter lets them through)" \
  "printf 'the united states and china met.' > lower.txt && $EG tag -q --no-default-dicts --dict insensitive.jsonl lower.txt > l.jsonl && \
   grep -q '\"text\":\"united states\"' l.jsonl && grep -q '\"text\":\"china\"' l.jsonl"
