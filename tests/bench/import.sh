#!/usr/bin/env bash
# tests/bench/import.sh ENTGRAPH WORKDIR RESULTS.md - `make bench-import`:
# `entgraph dict import --from wikidata` over a synthetic dump of
# BENCH_IMPORT_N items (default 1,000,000; gen_wikidata.py, gzip -1, cached
# in WORKDIR), then the dictionary it writes loaded and used: throughput and
# peak memory (GNU time) of each step, written as a section of RESULTS.md.
set -eu
EG=$1 W=$2 RES=$3
N=${BENCH_IMPORT_N:-1000000}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
mkdir -p "$W"
dump=$W/wikidata-$N.json.gz
if [ ! -s "$dump" ]; then
    echo "bench-import: generating $N synthetic items into $dump"
    python3 "$HERE/gen_wikidata.py" "$N" "$ROOT/dicts/countries.jsonl" | gzip -1 > "$dump.tmp" && mv "$dump.tmp" "$dump"
fi
raw=$(gzip -dc "$dump" | wc -c)
# prose NAMES.jsonl OUT: 200,000 short sentences of running prose, each with
# one name of the dictionary (a fixed seed: the same text every run)
prose() {
    python3 - "$1" > "$2" <<'PY'
import json, random, sys
rnd = random.Random(18)
names = [json.loads(l)["name"] for l in open(sys.argv[1], encoding="utf-8")]
words = "the minister said on Tuesday that talks with officials would continue after".split()
print(" ".join(" ".join(rnd.sample(words, 6)) + " " + rnd.choice(names) + "." for _ in range(200000)))
PY
}
mb_of() { python3 -c "import os, sys; print('%.1f' % (os.path.getsize(sys.argv[1]) / 1e6))" "$1"; }
run() {   # $1 = label; the rest: the command.  Sets secs and kb.
    local label=$1; shift
    /usr/bin/time -f '%e %M' -o "$W/time" "$@" > "$W/$label.out" 2> "$W/$label.err" || { cat "$W/$label.err" >&2; exit 1; }
    read -r secs kb < "$W/time"
    echo "bench-import: $label: ${secs}s, $((kb / 1024)) MB max RSS"
}
run import "$EG" dict import --from wikidata --lang en,ja "$dump" -o "$W/wd.jsonl"
imp_s=$secs imp_kb=$kb
summary=$(tail -1 "$W/import.err")
ents=$(wc -l < "$W/wd.jsonl")
aliases=$(python3 -c "import json,sys; print(sum(1 + len(json.loads(l).get('aliases', [])) for l in open('$W/wd.jsonl', encoding='utf-8')))")
run check "$EG" dict check "$W/wd.jsonl"
chk_s=$secs chk_kb=$kb
# a text of 200,000 imported names in running prose (about 11 MB), tagged with
# the import alone; an empty text gives the loading time, so the rest is matching
prose "$W/wd.jsonl" "$W/text.txt"
text_mb=$(mb_of "$W/text.txt")
export ENTGRAPH_CACHE_DIR=$W/cache
rm -rf "$W/cache"
run tag-cold "$EG" tag -q -j 1 --no-default-dicts -d "$W/wd.jsonl" "$W/text.txt"
cold_s=$secs cold_kb=$kb
mentions=$(wc -l < "$W/tag-cold.out")
run tag-cached "$EG" tag -q -j 1 --no-default-dicts -d "$W/wd.jsonl" "$W/text.txt"
hot_s=$secs hot_kb=$kb
: > "$W/empty.txt"
run tag-empty "$EG" tag -q -j 1 --no-default-dicts -d "$W/wd.jsonl" "$W/empty.txt"
load_s=$secs
# the same density of names drawn from the first 10,000 entities only, tagged
# with those 10,000 and with the whole import: the same mentions, so the
# difference is what the dictionary's size costs per name
head -10000 "$W/wd.jsonl" > "$W/wd10k.jsonl"
prose "$W/wd10k.jsonl" "$W/text10k.txt"
text10k_mb=$(mb_of "$W/text10k.txt")
"$EG" tag -q -j 1 --no-default-dicts -d "$W/wd10k.jsonl" "$W/empty.txt" > /dev/null   # fill the cache
run small-empty "$EG" tag -q -j 1 --no-default-dicts -d "$W/wd10k.jsonl" "$W/empty.txt"
small_load=$secs
run small-text "$EG" tag -q -j 1 --no-default-dicts -d "$W/wd10k.jsonl" "$W/text10k.txt"
small_s=$secs small_m=$(wc -l < "$W/small-text.out")
run big-text "$EG" tag -q -j 1 --no-default-dicts -d "$W/wd.jsonl" "$W/text10k.txt"
big_s=$secs big_m=$(wc -l < "$W/big-text.out")
cores=$(nproc)
load=$(cut -d' ' -f1 /proc/loadavg)
python3 - "$RES" <<PY
import re, sys
p = sys.argv[1]
mb = $raw / 1e6
sec = """## Dictionary import (synthetic Wikidata dump, $N items)

\`make bench-import\` ($(date -u +%Y-%m-%d), $cores cores, load average $load when it ended; one run each).
The dump is \`tests/bench/gen_wikidata.py\`'s: %.0f MB of JSON, gzip -1, 70%% humans, 20%% businesses,
9%% films (no mapped class), 200 country items at the end. \`--lang en,ja\`.

| step | time | throughput | max RSS |
|---|---:|---:|---:|
| \`dict import --from wikidata\` (gzip -dc child included) | $imp_s s | %.0f MB/s, %.0f items/s | $((imp_kb / 1024)) MB |
| \`dict check\` of the result ($ents entities, $aliases aliases) | $chk_s s | | $((chk_kb / 1024)) MB |
| \`tag -j 1\` with the result alone, $text_mb MB of text, cold (compile + cache write) | $cold_s s | | $((cold_kb / 1024)) MB |
| the same, compiled dictionary from the cache | $hot_s s | %.1f MB/s matching (less the $load_s s of loading an empty run takes) | $((hot_kb / 1024)) MB |

The import's summary: \`$summary\`.
Tagging found $mentions mentions.

The size of the dictionary alone: $text10k_mb MB of the same prose with names of the first 10,000 entities only, tagged with those
10,000 entities ($small_m mentions) and with all $ents ($big_m mentions): %.1f MB/s against %.1f MB/s matching (each less its
dictionary's loading time), %.2f× the cost per byte at %.0f× the entities.

The import's memory grows with the ids it has seen (to merge repeated ids), not with the
input: the records themselves go through a spool file.
""" % (mb, mb / $imp_s, ($N + 200) / $imp_s, $text_mb / max($hot_s - $load_s, 0.01),
       $text10k_mb / max($small_s - $small_load, 0.01), $text10k_mb / max($big_s - $load_s, 0.01),
       max($big_s - $load_s, 0.01) / max($small_s - $small_load, 0.01), $ents / 10000)
s = open(p, encoding="utf-8").read()
m = re.search(r"^## Dictionary import.*?(?=^## |\Z)", s, re.S | re.M)
s = s[:m.start()] + sec + "\n" + s[m.end():] if m else s.rstrip("\n") + "\n\n" + sec
open(p, "w", encoding="utf-8").write(s)
PY
echo "bench-import: $RES updated"
