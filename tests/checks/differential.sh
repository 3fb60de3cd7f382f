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
# The exact first-token table (the walk resumes after a word found in it)
# against the byte-by-byte walk from the root (ENTGRAPH_NO_FAST_PATHS=1):
# identical output, mentions and --explain=all rejections, compiled fresh and
# through the cache, on the evaluation texts and the tagger fuzz corpora.
FUZZIN=$(ls "$ROOT"/tests/fuzz/seeds/tagger/* "$ROOT"/tests/fuzz/regressions/tagger/* "$ROOT"/tests/golden/*/*.txt "$ROOT"/tests/samples/*.txt 2>/dev/null | tr "\n" " ")
for dset in "" "--no-default-dicts --dict insensitive.jsonl" "--no-default-dicts --dict exact.jsonl"; do
  for mode in "" "--explain=all"; do
    t "first-token table vs walk from the root: identical ${dset:-default dictionaries} ${mode:-mentions}" \
      "$EG tag -q --no-cache $dset $mode $IN $FUZZIN > fast.out && ENTGRAPH_NO_FAST_PATHS=1 $EG tag -q --no-cache $dset $mode $IN $FUZZIN > slow.out && \
       cmp fast.out slow.out && [ \$(wc -l < fast.out) -gt 1000 ]"
  done
done
export ENTGRAPH_CACHE_DIR="$TMP/cache"
t "first-token table from the cache image: the same as compiled fresh and as the walk from the root" \
  "$EG tag -q $IN > c1.out && $EG tag -q $IN > c2.out && ls $TMP/cache/*.egc >/dev/null && \
   ENTGRAPH_NO_FAST_PATHS=1 $EG tag -q $IN > c3.out && $EG tag -q --no-cache $IN > c4.out && cmp c1.out c2.out && cmp c2.out c3.out && cmp c3.out c4.out"
