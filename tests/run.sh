#!/usr/bin/env bash
# tests/run.sh - the test suite: unit tests, golden cases, client checks
# (Graphviz, xmllint, networkx, igraph, graphology), all against the normal
# build and again against the ASan+UBSan build.  Ends with "N passed, N failed".
#
#   bash tests/run.sh             everything
#   bash tests/run.sh --update    rewrite golden expectations (review the diff!)
#   bash tests/run.sh --golden-only   golden cases only (make golden; make valgrind)
#   bash tests/run.sh --unit-only     unit tests only (make unit)
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
pass=0; fail=0; failed=()
ok()   { pass=$((pass+1)); [ -n "${VERBOSE:-}" ] && echo "ok   $1"; return 0; }
bad()  { fail=$((fail+1)); failed+=("$1"); echo "FAIL $1"; [ -n "${2:-}" ] && echo "$2" | head -30 | sed 's/^/     /'; return 0; }
mode=all
[ "${1:-}" = --update ] && mode=update
[ "${1:-}" = --golden-only ] && mode=golden
[ "${1:-}" = --unit-only ] && mode=unit
TMPROOT=$(mktemp -d)
trap 'rm -rf "$TMPROOT"' EXIT
# the compiled dictionary cache of the runs below lives and dies with the suite
export ENTGRAPH_CACHE_DIR=$TMPROOT/cache

run_unit() {   # $1 = build dir
    local b=$1 t
    for t in "$b"/tests/test_*; do
        [ -x "$t" ] || continue
        local out; out=$("$t" 2>&1); local rc=$?
        local p f
        p=$(grep -c '^ok ' <<<"$out"); f=$(grep -c '^not ok ' <<<"$out")
        pass=$((pass+p)); fail=$((fail+f))
        if [ "$f" -gt 0 ] || [ $rc -ne 0 ]; then
            [ "$f" -eq 0 ] && fail=$((fail+1))
            failed+=("$(basename "$t") [$b]")
            echo "FAIL $(basename "$t") [$b] (exit $rc)"; grep -v '^ok ' <<<"$out" | head -20 | sed 's/^/     /'
        fi
    done
}

run_golden() {   # $1 = command prefix for entgraph, $2 = label
    local eg=$1 label=$2 d
    for d in tests/golden/*/; do
        d=${d%/}; local name; name=$(basename "$d")
        local tmp="$TMPROOT/$label-$name"; mkdir -p "$tmp"
        local out err code
        ( cd "$d" && EG="$eg" TMP="$tmp" ROOT="$ROOT" bash ./cmd >"$tmp/stdout" 2>"$tmp/stderr"; echo $? >"$tmp/code" )
        # sanitizer / valgrind reports never match an expected stderr
        if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:|==[0-9]+== (Invalid|Conditional|[0-9,]+ bytes in [0-9,]+ blocks are (definitely|indirectly) lost)' "$tmp/stderr"; then
            bad "golden/$name [$label]" "$(head -30 "$tmp/stderr")"; continue
        fi
        if [ "$mode" = update ]; then
            cp "$tmp/stdout" "$d/stdout"; cp "$tmp/stderr" "$d/stderr"; cp "$tmp/code" "$d/code"
            ok "golden/$name (updated)"; continue
        fi
        local msg=""
        diff -q "$d/code" "$tmp/code" >/dev/null || msg="exit code $(cat "$tmp/code"), expected $(cat "$d/code")"
        [ -z "$msg" ] && { diff -u "$d/stdout" "$tmp/stdout" >"$tmp/diff" || msg="stdout differs:
$(head -40 "$tmp/diff")"; }
        [ -z "$msg" ] && [ -f "$d/stderr" ] && { diff -u "$d/stderr" "$tmp/stderr" >"$tmp/diff" || msg="stderr differs:
$(head -20 "$tmp/diff")"; }
        if [ -z "$msg" ]; then ok "golden/$name [$label]"; else bad "golden/$name [$label]" "$msg"; fi
    done
}

run_script_tests() {   # $1 = entgraph binary, $2 = label
    local s
    for s in tests/checks/*.sh; do
        [ -f "$s" ] || continue
        local out; out=$(EG="$1" TMP="$TMPROOT/$2-$(basename "$s" .sh)" ROOT="$ROOT" LABEL="$2" bash "$s" 2>&1)
        local p f
        p=$(grep -c '^ok ' <<<"$out"); f=$(grep -c '^not ok ' <<<"$out")
        pass=$((pass+p)); fail=$((fail+f))
        if [ "$f" -gt 0 ]; then
            failed+=("$(basename "$s") [$2]")
            echo "FAIL $(basename "$s") [$2]"; grep -v '^ok ' <<<"$out" | head -30 | sed 's/^/     /'
        elif [ "$p" -eq 0 ]; then
            bad "$(basename "$s") [$2] ran no check" "$out"
        fi
    done
}

if [ "$mode" = update ]; then
    run_golden "$ROOT/build/entgraph" normal
    echo "$pass passed, $fail failed"; exit 0
fi
if [ "$mode" = unit ]; then
    run_unit build
    echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]; exit
fi
if [ "$mode" = golden ]; then
    if [ -n "${EG_VALGRIND:-}" ]; then
        run_golden "valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect $ROOT/build/entgraph" valgrind
        for t in build/tests/test_*; do
            [ -x "$t" ] || continue   # not the .d dependency files
            valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect "$t" >/dev/null 2>"$TMPROOT/vg" \
                && ok "valgrind $(basename "$t")" || bad "valgrind $(basename "$t")" "$(head -30 "$TMPROOT/vg")"
        done
    else
        run_golden "$ROOT/build/entgraph" normal
    fi
    echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]; exit
fi

run_unit build
run_golden "$ROOT/build/entgraph" normal
run_script_tests "$ROOT/build/entgraph" normal
if [ -x build/asan/entgraph ]; then
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    run_unit build/asan
    run_golden "$ROOT/build/asan/entgraph" asan
    run_script_tests "$ROOT/build/asan/entgraph" asan
else
    bad "asan build missing (make test-asan-build)"
fi
echo
[ "$fail" -gt 0 ] && printf 'failed: %s\n' "${failed[@]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
