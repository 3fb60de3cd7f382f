#!/usr/bin/env bash
# Scaling out (count / merge / graph --counts): the GNU parallel recipe on 7
# uneven shards and a Hadoop Streaming simulation (arbitrary splits, mapper,
# LC_ALL=C sort, reducer) give every output byte for byte as one run; merge
# is associative and commutative; other dictionaries, windows or options,
# damaged, truncated and unsorted files are refused.
set -u
mkdir -p "$TMP" && cd "$TMP" || exit 1
t() { if eval "$2" >"$TMP/log" 2>&1; then echo "ok - $1"; else echo "not ok - $1"; sed 's/^/#   /' "$TMP/log" | head -15; fi; }
PY=/usr/bin/python3

# the corpus: the Brown press texts as dated JSONL (dates spread over 1961,
# so that periods and the timeline are exercised), one document per line
$PY - "$ROOT"/tests/eval/docs/ca*.txt > corpus.jsonl <<'PY'
import json, sys
for i, p in enumerate(sorted(sys.argv[1:])):
    text = open(p, encoding="utf-8").read()
    doc = {"id": p.rsplit("/", 1)[1], "text": text}
    if i % 5:
        doc["date"] = "1961-%02d-%02d" % (i % 12 + 1, i % 27 + 1)
    print(json.dumps(doc))
PY
OPTS="--by month"
OUTS="-o g-{period}.graphml -o g-{period}.gexf -o g-{period}.json -o g-{period}.cyjs -o g-{period}.nodes.csv -o g-{period}.edges.csv -o g-{period}.dot -o g-{period}.net -o g-{period}.svg -o timeline.gexf --evidence ev-{period}.jsonl"
GOPTS="--measures all --layout fr --backbone 0.5"
# one run over every document: the reference
mkdir -p one && (cd one && $EG graph -q $OPTS $GOPTS $OUTS ../corpus.jsonl)
same_as_one() {   # $1: a directory with the same outputs
    n=0; for f in one/*; do n=$((n+1)); cmp "$f" "$1/${f#one/}" || return 1; done
    [ "$n" -ge 20 ] && [ "$(ls "$1" | wc -l)" -eq "$n" ]
}

# GNU parallel: 7 uneven shards, counted on the cores, merged, rendered
$PY - <<'PY'
lines = open("corpus.jsonl", encoding="utf-8").read().splitlines(True)
cuts = [0, 1, 3, 9, 10, 22, 30, len(lines)]
for k in range(7):
    open("shard%d.jsonl" % k, "w", encoding="utf-8").writelines(lines[cuts[k]:cuts[k + 1]])
PY
t "GNU parallel: 7 uneven shards counted in parallel, merged, graph --counts: every output and the evidence byte for byte as one run" \
  "mkdir -p counts par && ls shard*.jsonl | parallel -j 2 $EG count -q $OPTS --evidence-max 20 -o counts/{.}.counts {} && \
   $EG merge -q counts/*.counts | (cd par && $EG graph -q $GOPTS --counts - $OUTS) && same_as_one par"

# Hadoop Streaming, simulated: splits at arbitrary line boundaries, the
# mapper on each (standard input, records), the shuffle (LC_ALL=C sort of
# all records), the reducer (merge -), then the graph
t "Hadoop Streaming simulation: split, map (count --format records -), LC_ALL=C sort, reduce (merge -), graph: the same bytes" \
  "split -l 4 -d corpus.jsonl split. && for s in split.*; do $EG count -q $OPTS --evidence-max 20 --format records --input-format jsonl - < \$s > \$s.rec || exit 1; done && \
   cat split.*.rec | LC_ALL=C sort | $EG merge -q - > hadoop.counts && mkdir -p had && (cd had && $EG graph -q $GOPTS --counts ../hadoop.counts $OUTS) && same_as_one had"
t "merge is commutative and associative: any order and grouping of the shards, the same bytes" \
  "$EG merge -q counts/shard0.counts counts/shard1.counts counts/shard2.counts counts/shard3.counts counts/shard4.counts counts/shard5.counts counts/shard6.counts > m1 && \
   $EG merge -q counts/shard6.counts counts/shard2.counts counts/shard4.counts counts/shard0.counts counts/shard5.counts counts/shard1.counts counts/shard3.counts > m2 && \
   $EG merge -q counts/shard5.counts counts/shard6.counts > p56 && $EG merge -q counts/shard0.counts counts/shard3.counts counts/shard1.counts > p031 && \
   $EG merge -q p56 counts/shard2.counts > p562 && $EG merge -q p031 p562 counts/shard4.counts > m3 && \
   cat counts/*.counts | $EG merge -q - > m4 && cmp m1 m2 && cmp m1 m3 && cmp m1 m4 && cmp m1 hadoop.counts"
t "incremental: merge archive today -o archive (in place, atomic) equals merging everything" \
  "$EG merge -q counts/shard[0-5].counts -o archive.counts && $EG merge -q archive.counts counts/shard6.counts -o archive.counts && cmp archive.counts m1"
t "a count file: sorted records with a checksum each, a header and a trailer" \
  "head -1 m1 | grep -q '^#	entgraph-counts	1	dicts=' && tail -1 m1 | grep -q '^~	end	' && \
   sed '1d;\$d' m1 | LC_ALL=C sort -c && ! grep -v '	[0-9a-f]\{8\}\$' m1 | grep -v '^~'"

# refusals
t "merge refuses counts made with other dictionaries or options (--no-demonyms), naming both setups" \
  "$EG count -q --no-demonyms $OPTS --evidence-max 20 -o other.counts shard0.jsonl && ! $EG merge -q m1 other.counts > /dev/null 2> err && grep -q 'other dictionaries or options' err && grep -q 'demonyms=0' err"
t "merge refuses counts made with another window" \
  "$EG count -q --window paragraph $OPTS --evidence-max 20 -o para.counts shard0.jsonl && ! $EG merge -q m1 para.counts > /dev/null 2> err && grep -q 'window=paragraph' err"
t "graph --counts refuses other dictionaries, and a --window of its own" \
  "! $EG graph -q --no-default-dicts --dict $ROOT/dicts/countries.jsonl --counts m1 -o 'x-{period}.graphml' 2> err && grep -q 'other dictionaries' err && \
   ! $EG graph -q --window paragraph --counts m1 -o 'x-{period}.graphml' 2> err && grep -q 'count files' err && ! ls x-* 2>/dev/null"
t "a truncated count file is refused (no trailer, or a trailer that counts more)" \
  "head -n -1 m1 > trunc1 && ! $EG merge -q trunc1 > /dev/null 2> err && grep -q 'truncated' err && \
   { head -n 3 m1; tail -1 m1; } > trunc2 && ! $EG merge -q trunc2 > /dev/null 2> err && grep -q 'truncated or damaged' err"
t "a damaged record is refused with file:line (checksum)" \
  "sed '5s/	[0-9]\([0-9]*\)	/	9\1	/' m1 > bad && ! cmp -s bad m1 && ! $EG merge -q bad > /dev/null 2> err && grep -q 'bad:5:1: damaged count record' err"
t "an unsorted count file is refused; the same records on standard input are merged" \
  "{ head -1 m1; sed '1d;\$d' m1 | tac; tail -1 m1; } > unsorted && ! $EG merge -q unsorted > /dev/null 2> err && grep -q 'out of order' err && \
   $EG merge -q - < unsorted | cmp - m1"
t "count --unknown is refused (each shard would have its own dictionary)" \
  "! $EG count -q --unknown shard0.jsonl > /dev/null 2> err && grep -q 'could not be merged' err"
t "graph --counts without evidence in the counts refuses --evidence" \
  "$EG count -q -o noev.counts shard0.jsonl && ! $EG graph -q --counts noev.counts -o x.graphml --evidence x.jsonl 2> err && grep -q 'evidence-max' err"
