#!/usr/bin/env bash
# The documentation stays complete: the man page renders with no troff
# warning, and every long option a command's --help lists is in the man
# page and the README.
set -u
mkdir -p "$TMP"
t() { if eval "$2" >"$TMP/log" 2>&1; then echo "ok - $1"; else echo "not ok - $1"; sed 's/^/#   /' "$TMP/log" | head -15; fi; }
t "the man page renders with no troff warning" "out=\$(groff -man -ww -z $ROOT/src/entgraph.1 2>&1) && [ -z \"\$out\" ]"
for cmd in tag graph suggest count merge "dict" "dict import" cache; do
    opts=$($EG $cmd --help | grep -oE -- '--[a-z][a-z-]+' | sort -u)
    missing_man=; missing_readme=
    for o in $opts; do
        [ "$o" = --help ] && continue
        grep -q -- "$(echo "$o" | sed 's/-/\\\\-/g')" "$ROOT/src/entgraph.1" || missing_man="$missing_man $o"
        grep -q -- "$o" "$ROOT/README.md" || missing_readme="$missing_readme $o"
    done
    t "every option of 'entgraph $cmd --help' is in the man page" "[ -z '$missing_man' ] || { echo 'missing:$missing_man'; false; }"
    t "every option of 'entgraph $cmd --help' is in the README" "[ -z '$missing_readme' ] || { echo 'missing:$missing_readme'; false; }"
done
# the README's count of exported functions is the library's
{
    n=$(nm -D --defined-only "$ROOT/build/libentgraph.so" | grep -c ' T eg_')
    t "the README counts the $n exported functions" "grep -q 'only these $n functions are exported' $ROOT/README.md"
}
