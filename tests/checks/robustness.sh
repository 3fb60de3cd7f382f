#!/usr/bin/env bash
# Offsets, large and hostile inputs, atomic outputs, closed pipes.
set -u
mkdir -p "$TMP"
t() { if eval "$2" >"$TMP/log" 2>&1; then echo "ok - $1"; else echo "not ok - $1"; sed 's/^/#   /' "$TMP/log" | head -15; fi; }
D="--no-default-dicts --dict $ROOT/tests/dicts/rules.jsonl"
cd "$ROOT/tests/golden"
for f in rule1-normalisation/input.txt rule3-boundaries/input.txt rule6-invalid-utf8/input.txt; do
    t "offsets exact in $f" "$EG tag -q $D $f > $TMP/m.jsonl && python3 $ROOT/tests/checks/offsets.py $TMP/m.jsonl $f"
done
f=../samples/nhk-2023-08-08-china-hacked-japan.txt
t "offsets exact in the NHK sample" "$EG tag -q --no-default-dicts --dict $ROOT/tests/dicts/nhk-test.jsonl $f > $TMP/m.jsonl && python3 $ROOT/tests/checks/offsets.py $TMP/m.jsonl $f"
# a 10 MB document on a single line
python3 -c "
import sys
unit = 'The People\u2019s Liberation Army met \u65e5\u672c officials; Japan\u2019s NSA-like U.S. envoy. '
sys.stdout.write(unit * (10_000_000 // len(unit.encode())))
" > "$TMP/big.txt"
t "10 MB single-line document: every mention found with exact offsets" \
  "$EG tag -q $D $TMP/big.txt > $TMP/big.jsonl && [ \$(wc -l < $TMP/big.jsonl) -eq \$(python3 -c \"print(4 * (10_000_000 // len('The People\u2019s Liberation Army met \u65e5\u672c officials; Japan\u2019s NSA-like U.S. envoy. '.encode())))\") ] && python3 $ROOT/tests/checks/offsets.py $TMP/big.jsonl $TMP/big.txt"
# outputs are atomic
t "output into a missing directory: exit 3, a message, no file" \
  "$EG graph $D -o $TMP/nodir/g.graphml rule2-case/input.txt 2>$TMP/err; [ \$? -eq 3 ] && grep -q 'nodir/g.graphml: cannot create' $TMP/err && [ ! -e $TMP/nodir ]"
echo old > "$TMP/keep.graphml"
printf '{"id":"x","name":"X","type":"t","aliases":[""]}\n' > "$TMP/bad.jsonl"
t "a bad dictionary leaves an existing output untouched" \
  "$EG graph --no-default-dicts --dict $TMP/bad.jsonl -o $TMP/keep.graphml rule2-case/input.txt; [ \$? -eq 1 ] && [ \"\$(cat $TMP/keep.graphml)\" = old ] && [ -z \"\$(ls $TMP | grep tmp)\" ]"
t "--strict with a bad document leaves an existing output untouched" \
  "$EG graph -q $D --strict -o $TMP/keep.graphml jsonl-input/docs.jsonl; [ \$? -eq 1 ] && [ \"\$(cat $TMP/keep.graphml)\" = old ] && [ -z \"\$(ls $TMP | grep tmp)\" ]"
t "full disk on standard output: exit 3 and a message" \
  "$EG tag $D rule2-case/input.txt > /dev/full 2>$TMP/err; [ \$? -eq 3 ] && grep -q 'write error' $TMP/err"
t "closed standard output (| head -1): no error output" \
  "$EG tag $D $TMP/big.txt 2>$TMP/err | head -1 >/dev/null; [ ! -s $TMP/err ]"
t "a FIFO as input" "mkfifo $TMP/fifo.txt && { printf 'Japan and China' > $TMP/fifo.txt & } && $EG tag -q $D --format tsv $TMP/fifo.txt | grep -c country | grep -qx 2"
t "a NUL byte and a BOM in a document" "printf '\xef\xbb\xbfJapan\x00China' > $TMP/nul.txt && $EG tag -q $D $TMP/nul.txt | python3 $ROOT/tests/checks/offsets.py /dev/stdin $TMP/nul.txt"
t "CRLF and lone CR line ends" "printf 'Japan and\r\nChina.\rTurkey' > $TMP/cr.txt && $EG tag -q $D $TMP/cr.txt > $TMP/cr.jsonl && [ \$(wc -l < $TMP/cr.jsonl) -eq 3 ]"
# parallel tagging gives the same bytes as one thread
python3 -c "
import json
t = open('$ROOT/tests/samples/nhk-2023-08-08-china-hacked-japan.txt').read()
with open('$TMP/many.jsonl', 'w') as f:
    for i in range(3000):
        f.write(json.dumps({'id': 'd%d' % i, 'text': t[(i * 37) % len(t):] + ' ' + t[:(i * 53) % len(t)]}) + '\n')
    f.write('not json\n')
"
t "--jobs 1 and --jobs 3 give byte-identical mentions, graphs and messages" \
  "$EG graph -j 1 --mentions $TMP/m1.jsonl -o $TMP/g1.graphml -o $TMP/g1.dot $TMP/many.jsonl 2>$TMP/e1 && $EG graph -j 3 --mentions $TMP/m3.jsonl -o $TMP/g3.graphml -o $TMP/g3.dot $TMP/many.jsonl 2>$TMP/e3 && cmp $TMP/m1.jsonl $TMP/m3.jsonl && cmp $TMP/g1.graphml $TMP/g3.graphml && cmp $TMP/g1.dot $TMP/g3.dot && cmp $TMP/e1 $TMP/e3"
# progress: on a terminal only, never with --quiet or into a pipe
t "progress on standard error when it is a terminal" \
  "script -qec '$EG tag $D --format tsv $TMP/many.jsonl > /dev/null' /dev/null | tr '\r' '\n' | grep -q 'documents, .* MB/s'"
t "no progress when standard error is not a terminal" \
  "$EG tag $D --format tsv $TMP/many.jsonl 2>$TMP/prog >/dev/null; ! grep -q 'MB/s' $TMP/prog"
t "no progress with --quiet on a terminal" \
  "! script -qec '$EG tag -q $D --format tsv $TMP/many.jsonl > /dev/null' /dev/null | grep -q 'MB/s'"
