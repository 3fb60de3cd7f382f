#!/usr/bin/env bash
# The library has no mutable process-wide state: nm finds no symbol in a
# writable section (.data, .bss, their relocated and thread-local forms;
# .data.rel.ro is read-only after relocation) of libentgraph.a except the
# documented ones -- the fault-injection test hook (util.c) and the mutex
# that serialises igraph, which is not thread-safe as packaged (graph.c).
set -u
mkdir -p "$TMP"
t() { if eval "$2" >"$TMP/log" 2>&1; then echo "ok - $1"; else echo "not ok - $1"; sed 's/^/#   /' "$TMP/log" | head -15; fi; }
lib=$ROOT/build/libentgraph.a
allowed='^(alloc_count|alloc_fail_at|igraph_lock)$'
nm -f sysv "$lib" 2>/dev/null | awk -F'|' 'NF >= 7 { gsub(/ /, "", $1); gsub(/ /, "", $7); print $1, $7 }' \
    | awk '$2 ~ /^\.(data|bss|tdata|tbss)/ && $2 !~ /^\.data\.rel\.ro/ { print }' > "$TMP/writable"
t "libentgraph.a is built and exports the API" "[ -s $lib ] && nm $lib | grep -q ' T eg_tagger_run'"
t "no writable global in the library but the documented test hook and igraph lock" \
  "! awk '{print \$1}' $TMP/writable | grep -Ev '$allowed' | grep . || { cat $TMP/writable; false; }"
