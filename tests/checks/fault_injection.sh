#!/usr/bin/env bash
# Fault injection: ENTGRAPH_FAIL_ALLOC=N makes the Nth allocation (the
# library's and jansson's) fail.  A representative `graph` run (and a `tag`
# run over JSONL, and a `dict import` of each format) is repeated for N = 1,
# 2, 3, ... until it succeeds with no
# failure injected (ENTGRAPH_ALLOC_COUNT gives a normal run's count, so a
# failure that is survived does not end the loop early).  Every failing run
# must exit 3 with "out of memory" on standard error and leave no output and
# no temporary file; a surviving run must write exactly what a normal run
# writes; with the ASan build no run may report a leak or other sanitizer
# error.  One line per property, plus the number of N tried.
set -u
mkdir -p "$TMP"
cd "$ROOT"
MAXN=20000
asan=; case $EG in */asan/*) asan=1;; esac
# the compiled-dictionary cache must not hide allocations (or be written)
export ENTGRAPH_CACHE_DIR="$TMP/cache"

inject() {   # $1 = label, $2 = output dir, $3 = reference dir, rest = the command's arguments
    local label=$1 out=$2 ref=$3; shift 3
    # the allocations of a normal run: every one of them is made to fail
    rm -rf "$ref" "$out"; mkdir -p "$ref" "$out"
    local total rc0
    ENTGRAPH_FAIL_ALLOC=0 ENTGRAPH_ALLOC_COUNT=1 "$EG" "$@" >/dev/null 2>"$TMP/count"
    rc0=$?
    total=$(sed -n 's/^entgraph: \([0-9]*\) allocations$/\1/p' "$TMP/count")
    report "$label: a run without failures succeeds and writes its outputs" \
        $([ $rc0 -eq 0 ] && [ -n "$(ls -A "$out")" ] && echo 0 || echo 1) "exit $rc0: $(head -c 200 "$TMP/count")"
    mv "$out"/* "$ref"/ 2>/dev/null
    local n=1 rc survived=0 bad_code=() bad_msg=() bad_files=() bad_san=() bad_survived=()
    while :; do
        rm -rf "$out"; mkdir -p "$out"
        ENTGRAPH_FAIL_ALLOC=$n "$EG" "$@" >"$TMP/stdout" 2>"$TMP/stderr"
        rc=$?
        if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: ' "$TMP/stderr"; then
            bad_san+=("$n: $(grep -m1 -E 'ERROR|runtime error|SUMMARY' "$TMP/stderr")")
        fi
        if [ $rc -eq 0 ]; then
            [ $n -gt "${total:-0}" ] && break
            # a failure the run survived must not change what it wrote
            survived=$((survived + 1))
            diff -r "$ref" "$out" >/dev/null || bad_survived+=("$n: outputs differ from a normal run")
        else
            [ $rc -eq 3 ] || bad_code+=("$n: exit $rc: $(head -c 200 "$TMP/stderr")")
            grep -q 'out of memory' "$TMP/stderr" || bad_msg+=("$n: $(head -c 200 "$TMP/stderr")")
            [ -z "$(ls -A "$out")" ] || bad_files+=("$n: $(ls -A "$out" | tr '\n' ' ')")
        fi
        n=$((n + 1))
        [ $n -gt $MAXN ] && break
    done
    echo "# $label: $n values of N tried ($total allocations; $survived failures survived), first clean success at N=$n"
    report "$label: the run succeeds once N exceeds its $total allocations" $([ $rc -eq 0 ] && [ "${total:-0}" -gt 0 ] && echo 0 || echo 1) "last exit $rc"
    report "$label: every failing run exits 3" ${#bad_code[@]} "${bad_code[@]:0:5}"
    report "$label: every failing run says 'out of memory'" ${#bad_msg[@]} "${bad_msg[@]:0:5}"
    report "$label: no output or temporary file after a failure" ${#bad_files[@]} "${bad_files[@]:0:5}"
    report "$label: a run that survives a failed allocation writes what a normal run writes" ${#bad_survived[@]} "${bad_survived[@]:0:5}"
    if [ -n "$asan" ]; then
        report "$label: no leak or sanitizer error in any run" ${#bad_san[@]} "${bad_san[@]:0:5}"
    fi
}

report() {   # $1 = name, $2 = number of failures, rest = examples
    local name=$1 nbad=$2; shift 2
    if [ "$nbad" -eq 0 ]; then echo "ok - $name"; else
        echo "not ok - $name ($nbad failing N)"; printf '#   %s\n' "$@"; fi
}

inject "graph" "$TMP/g" "$TMP/g-ref" graph --no-default-dicts --dict tests/dicts/nhk-test.jsonl \
    --mentions "$TMP/g/m.jsonl" -o "$TMP/g/g.graphml" -o "$TMP/g/g.dot" tests/samples/
inject "tag" "$TMP/t" "$TMP/t-ref" tag --no-default-dicts --dict tests/dicts/rules.jsonl \
    -o "$TMP/t/t.jsonl" tests/golden/jsonl-input/docs.jsonl tests/golden/rule1-normalisation/input.txt
# dict import: every format's reader and the spool (in TMPDIR, not the output directory)
mkdir -p "$TMP/spool"
for f in "csv people.csv" "ftm ftm.jsonl" "wikidata wikidata-dump.json" "wikidata sparql.json"; do
    set -- $f
    TMPDIR="$TMP/spool" inject "dict import --from $1 ($2)" "$TMP/i" "$TMP/i-ref" dict import -q --from $1 tests/import/$2 -o "$TMP/i/d.jsonl"
done
