#!/usr/bin/env bash
# The compiled dictionary cache: a hit gives the same output as a fresh
# compile, a changed source misses, and a corrupt or truncated cache file is
# never trusted.
set -u
mkdir -p "$TMP"
t() { if eval "$2" >"$TMP/log" 2>&1; then echo "ok - $1"; else echo "not ok - $1"; sed 's/^/#   /' "$TMP/log" | head -15; fi; }
export ENTGRAPH_CACHE_DIR=$TMP/cache
nhk=$ROOT/tests/samples/nhk-2023-08-08-china-hacked-japan.txt
cp "$ROOT/tests/dicts/nhk-test.jsonl" "$TMP/d.jsonl"
D="--no-default-dicts --dict $TMP/d.jsonl"
t "no cache: reference output" "$EG tag --no-cache $D $nhk > $TMP/ref.jsonl && [ ! -e $TMP/cache ]"
t "first run writes one cache file" "$EG tag $D $nhk > $TMP/a.jsonl && [ \$(ls $TMP/cache/*.egc | wc -l) -eq 1 ] && cmp $TMP/ref.jsonl $TMP/a.jsonl"
t "second run (cache hit) gives the same bytes" "$EG tag $D $nhk > $TMP/b.jsonl && cmp $TMP/ref.jsonl $TMP/b.jsonl"
f=$(ls $TMP/cache/*.egc | head -1)
t "a truncated cache file is ignored" "head -c 3000 $f > $f.x && mv $f.x $f && $EG tag $D $nhk > $TMP/c.jsonl && cmp $TMP/ref.jsonl $TMP/c.jsonl"
t "a corrupted cache file is ignored" "python3 -c \"
import sys
p = '$f'; b = bytearray(open(p, 'rb').read())
for i in range(200, len(b), 97): b[i] ^= 0x5A
open(p, 'wb').write(bytes(b))\" && $EG tag $D $nhk > $TMP/c2.jsonl && cmp $TMP/ref.jsonl $TMP/c2.jsonl"
t "a changed dictionary is a cache miss" "echo '{\"id\": \"x:hackers\", \"name\": \"hackers\", \"type\": \"t\"}' >> $TMP/d.jsonl && $EG tag $D $nhk | grep -q x:hackers"
t "the default dictionaries through the cache match a fresh compile" "$EG tag $nhk > $TMP/e1 && $EG tag $nhk > $TMP/e2 && $EG tag --no-cache $nhk > $TMP/e3 && cmp $TMP/e1 $TMP/e3 && cmp $TMP/e2 $TMP/e3"
# The key covers the build (build/gen/build_id.c: a checksum of the library's
# code and word lists), so an entgraph whose rules differ never reads this
# one's cache.  The other build: the same objects relinked with another id.
B=$(dirname "$EG")
if [ "${LABEL:-normal}" = normal ] && [ -f "$B/obj/gen/build_id.o" ] && [ -f "$B/libentgraph.a" ]; then
    printf 'const char eg_build_id[] = "another build";\n' > "$TMP/bid.c"
    t "a cache written by another build is never read (two cache files, same output)" \
      "cc -c -o $TMP/bid.o $TMP/bid.c && cp $B/libentgraph.a $TMP/lib.a && ar d $TMP/lib.a build_id.o &&
       cc -pthread -o $TMP/eg2 $B/obj/main.o $B/obj/cli_*.o $B/obj/cmd_*.o $TMP/bid.o $TMP/lib.a \$(pkg-config --libs igraph libutf8proc) -lm &&
       rm -rf $TMP/cache2 && ENTGRAPH_CACHE_DIR=$TMP/cache2 $EG tag $D $nhk > $TMP/o1 &&
       ENTGRAPH_CACHE_DIR=$TMP/cache2 $TMP/eg2 tag $D $nhk > $TMP/o2 &&
       [ \$(ls $TMP/cache2/*.egc | wc -l) -eq 2 ] && cmp $TMP/o1 $TMP/o2 && $EG tag --no-cache $D $nhk | cmp - $TMP/o1"
fi
