#!/usr/bin/env bash
# Trust: the dictionary cache can never change a result, outputs never
# destroy inputs, and no run fails silently.  Each check reproduces an
# attack or accident that once gave a wrong result, a hang, a lost file or
# a silent exit (issue 10) and pins the fixed behaviour.
set -u
mkdir -p "$TMP"
t() { if eval "$2" >"$TMP/log" 2>&1; then echo "ok - $1"; else echo "not ok - $1"; sed 's/^/#   /' "$TMP/log" | head -15; fi; }
asan=; case $EG in */asan/*) asan=1;; esac
export ENTGRAPH_CACHE_DIR=$TMP/cache
nhk=$ROOT/tests/samples/nhk-2023-08-08-china-hacked-japan.txt
cp "$ROOT/tests/dicts/nhk-test.jsonl" "$TMP/d.jsonl"
D="--no-default-dicts --dict $TMP/d.jsonl"
$EG tag -q --no-cache $D $nhk > "$TMP/ref.jsonl"

# ---- the cache: pipes, FIFOs and /dev/stdin are read once and never cached
t "--dict <(cat d.jsonl): the same mentions, nothing cached" \
  "rm -rf $TMP/cache; $EG tag -q --no-default-dicts --dict <(cat $TMP/d.jsonl) $nhk > $TMP/p.jsonl && cmp $TMP/ref.jsonl $TMP/p.jsonl && [ -z \"\$(ls $TMP/cache 2>/dev/null)\" ]"
t "--dict /dev/stdin: the same mentions" \
  "$EG tag -q --no-default-dicts --dict /dev/stdin $nhk < $TMP/d.jsonl > $TMP/s.jsonl && cmp $TMP/ref.jsonl $TMP/s.jsonl"
t "a named FIFO as --dict: read once, no hang" \
  "rm -f $TMP/dfifo && mkfifo $TMP/dfifo && { timeout 20 sh -c 'cat $TMP/d.jsonl > $TMP/dfifo' & } && timeout 20 $EG tag -q --no-default-dicts --dict $TMP/dfifo $nhk > $TMP/f.jsonl && cmp $TMP/ref.jsonl $TMP/f.jsonl"

# ---- the cache: corruption sweep.  Every bit of the header and a few
# hundred random bits of the body are flipped, one at a time; each run (under
# timeout) must give the --no-cache output, and a refused file is named in a
# warning.  The ASan build runs a sample (every 8th header bit, 60 body bits).
rm -rf "$TMP/cache"
$EG tag -q $D $nhk > /dev/null
img=$(ls $TMP/cache/*.egc)
cp "$img" "$TMP/pristine.egc"
size=$(stat -c %s "$img")
step=1; nbody=300
[ -n "$asan" ] && { step=8; nbody=60; }
/usr/bin/python3 - "$TMP" "$img" "$step" "$nbody" "$EG" $D "$nhk" <<'EOF' > "$TMP/sweep" 2>&1
import random, subprocess, sys
tmp, img, step, nbody, eg = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
args = sys.argv[6:]
pristine = open(tmp + '/pristine.egc', 'rb').read()
ref = open(tmp + '/ref.jsonl', 'rb').read()
HEADER = 216   # sizeof(cache_header), checked in dict_cache.c
rnd = random.Random(20261127)
bits = list(range(0, HEADER * 8, step)) + [rnd.randrange(HEADER * 8, len(pristine) * 8) for _ in range(nbody)]
bad = hung = silent = refused = 0
for bit in bits:
    b = bytearray(pristine)
    b[bit // 8] ^= 1 << (bit % 8)
    open(img, 'wb').write(bytes(b))   # the previous run rebuilt the file
    try:
        p = subprocess.run([eg, 'tag'] + args, capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        hung += 1
        continue
    if p.returncode != 0 or p.stdout != ref:
        bad += 1
        print('# bit %d: exit %d' % (bit, p.returncode))
    if b'damaged cache file' in p.stderr:
        refused += 1
    elif p.stderr:
        silent += 1
print('%d %d %d %d %d %d' % (len(bits), bad, hung, silent, refused, len(pristine)))
EOF
read -r n bad hung silent refused size <<<"$(tail -1 "$TMP/sweep")"
grep '^# bit' "$TMP/sweep" | head -5
echo "# corruption sweep: $n flips of a $size-byte cache file, $refused refused with a warning"
t "corruption sweep: every flip gives the --no-cache output ($n flips)" "[ $bad -eq 0 ]"
t "corruption sweep: no run hangs" "[ $hung -eq 0 ]"
t "corruption sweep: every refused file is named in a warning, nothing else is printed" "[ $silent -eq 0 ] && [ $refused -gt 0 ]"
t "a damaged cache file is rebuilt: the next run reads a valid file" \
  "/usr/bin/python3 -c \"b = bytearray(open('$img','rb').read()); b[100] ^= 4; open('$img','wb').write(bytes(b))\" && $EG tag $D $nhk 2>&1 >/dev/null | grep -q 'damaged' && $EG tag $D $nhk 2>$TMP/e2 > $TMP/c3.jsonl && [ ! -s $TMP/e2 ] && cmp $TMP/ref.jsonl $TMP/c3.jsonl"

# ---- the cache: a dictionary rewritten while a large one loads.  Whatever
# a run read, the cache stores exactly that under its key: afterwards, the
# cached result for the file's final contents equals --no-cache.
/usr/bin/python3 - "$TMP" <<'EOF'
import sys
d = sys.argv[1]
for name, word in (('A', 'Alpha'), ('B', 'Beta')):
    with open('%s/big%s.jsonl' % (d, name), 'w') as f:
        for i in range(60000):
            f.write('{"id": "e:%d", "name": "%s %d", "type": "t", "aliases": ["%s Place %d", "%s Thing %d"]}\n' % (i, word, i, word, i, word, i))
    with open('%s/text%s.txt' % (d, name), 'w') as f:
        f.write(' '.join('%s %d met %s Place %d.' % (word, i, word, (i * 7) % 60000) for i in range(0, 60000, 997)))
EOF
cat "$TMP/textA.txt" "$TMP/textB.txt" > "$TMP/textAB.txt"
ok=0
for delay in 0.02 0.08 0.15 0.3 0.6; do
    rm -rf "$TMP/cache"
    cp "$TMP/bigA.jsonl" "$TMP/big.jsonl"
    $EG tag -q --no-default-dicts --dict "$TMP/big.jsonl" "$TMP/textAB.txt" > /dev/null 2>&1 &
    pid=$!
    sleep $delay
    cat "$TMP/bigB.jsonl" > "$TMP/big.jsonl"   # rewritten in place
    wait $pid
    $EG tag -q --no-default-dicts --dict "$TMP/big.jsonl" "$TMP/textAB.txt" > "$TMP/cached.jsonl" 2>&1
    $EG tag -q --no-cache --no-default-dicts --dict "$TMP/big.jsonl" "$TMP/textAB.txt" > "$TMP/fresh.jsonl" 2>&1
    cmp -s "$TMP/cached.jsonl" "$TMP/fresh.jsonl" && [ -s "$TMP/fresh.jsonl" ] && ok=$((ok + 1))
done
t "a dictionary rewritten during a load: the cache never stores the wrong dictionary (5 timings)" "[ $ok -eq 5 ]"

# ---- the cache: files and directories that are not ours
rm -rf "$TMP/cache"
$EG tag -q $D $nhk > /dev/null
img=$(ls $TMP/cache/*.egc)
echo "victim" > "$TMP/victim"; chmod 600 "$TMP/victim"
rm -f "$img"; ln -s "$TMP/victim" "$img"
t "a symlink at the cache path is never followed or written through" \
  "$EG tag $D $nhk > $TMP/l.jsonl 2>$TMP/l.err && cmp $TMP/ref.jsonl $TMP/l.jsonl && [ \"\$(cat $TMP/victim)\" = victim ] && [ \$(stat -c %a $TMP/victim) = 600 ] && [ -L $img ] && grep -q 'symbolic link' $TMP/l.err"
rm -rf "$TMP/cache"
t "the cache directory is created 0700" "$EG tag -q $D $nhk > /dev/null && [ \$(stat -c %a $TMP/cache) = 700 ]"
chmod 770 "$TMP/cache"
t "a group-writable cache directory is refused with a warning; the output is the same" \
  "$EG tag $D $nhk > $TMP/g.jsonl 2>$TMP/g.err && cmp $TMP/ref.jsonl $TMP/g.jsonl && grep -q 'writable by others' $TMP/g.err"
chmod 700 "$TMP/cache"
if [ "$(id -u)" = 0 ]; then
    mkdir -p "$TMP/othercache" && chown nobody "$TMP/othercache" && chmod 700 "$TMP/othercache"
    t "a cache directory owned by someone else is refused" \
      "ENTGRAPH_CACHE_DIR=$TMP/othercache $EG tag $D $nhk > $TMP/o.jsonl 2>$TMP/o.err && cmp $TMP/ref.jsonl $TMP/o.jsonl && grep -q 'not owned by you' $TMP/o.err && [ -z \"\$(ls $TMP/othercache)\" ]"
fi
t "truncating the cache file during runs never crashes one" \
  "rm -rf $TMP/cache; $EG tag -q --no-default-dicts --dict $TMP/bigB.jsonl $TMP/textB.txt > $TMP/tr-ref.jsonl; f=\$(ls $TMP/cache/*.egc); fails=0; for i in 1 2 3 4 5 6; do ( for k in \$(seq 40); do : > \$f; sleep 0.005; done ) & $EG tag -q --no-default-dicts --dict $TMP/bigB.jsonl $TMP/textB.txt > $TMP/tr.jsonl; rc=\$?; wait; [ \$rc -eq 0 ] && cmp -s $TMP/tr-ref.jsonl $TMP/tr.jsonl || fails=\$((fails+1)); done; [ \$fails -eq 0 ]"
: > "$TMP/cache/.tmp-999999999-0-dead.egc"
: > "$TMP/cache/.tmp-1-0-old.egc"; touch -d '2 hours ago' "$TMP/cache/.tmp-1-0-old.egc"
t "stale temporary files of dead or old writers are pruned" \
  "echo '{\"id\": \"x:new\", \"name\": \"Newname\", \"type\": \"t\"}' >> $TMP/d.jsonl && $EG tag -q $D $nhk > /dev/null && [ ! -e $TMP/cache/.tmp-999999999-0-dead.egc ] && [ ! -e $TMP/cache/.tmp-1-0-old.egc ]"
cp "$ROOT/tests/dicts/nhk-test.jsonl" "$TMP/d.jsonl"
t "entgraph cache dir prints the directory" "[ \"\$($EG cache dir)\" = $TMP/cache ]"
t "entgraph cache list shows each file as ok with its sources" \
  "$EG tag -q $D $nhk >/dev/null && $EG cache list > $TMP/list && grep -q 'ok, .* entities' $TMP/list && grep -q 'd.jsonl' $TMP/list"
t "entgraph cache list reports a damaged file" \
  "f=\$(ls -t $TMP/cache/*.egc | head -1) && /usr/bin/python3 -c \"b = bytearray(open('\$f','rb').read()); b[-1] ^= 1; open('\$f','wb').write(bytes(b))\" && $EG cache list | grep -q 'damaged: checksum mismatch'"
t "entgraph cache clear removes every cached file" \
  "$EG cache clear | grep -q 'removed' && [ -z \"\$(ls -A $TMP/cache)\" ]"

# ---- outputs never destroy inputs
cp "$nhk" "$TMP/in.txt"
cmp_in() { cmp -s "$nhk" "$TMP/in.txt"; }
t "tag -o in.txt in.txt is refused (exit 2), the input intact" \
  "$EG tag -q $D -o $TMP/in.txt $TMP/in.txt 2>$TMP/e; [ \$? -eq 2 ] && grep -q 'same file as input' $TMP/e && cmp_in"
t "graph -o in.txt in.txt is refused" "$EG graph -q $D --format dot -o $TMP/in.txt $TMP/in.txt; [ \$? -eq 2 ] && cmp_in"
t "graph --mentions in.txt in.txt is refused" "$EG graph -q $D --mentions $TMP/in.txt -o $TMP/x.graphml $TMP/in.txt; [ \$? -eq 2 ] && cmp_in && [ ! -e $TMP/x.graphml ]"
t "an output inside an input directory that would be read is refused" \
  "mkdir -p $TMP/corpus && cp $TMP/in.txt $TMP/corpus/a.txt && echo '{\"text\":\"Japan\"}' > $TMP/corpus/m.jsonl && $EG graph -q $D --mentions $TMP/corpus/m.jsonl -o $TMP/x.graphml $TMP/corpus; [ \$? -eq 2 ] && grep -q Japan $TMP/corpus/m.jsonl"
t "--dict d.jsonl -o d.jsonl is refused, the dictionary intact" \
  "cp $TMP/d.jsonl $TMP/d0 && $EG tag -q $D -o $TMP/d.jsonl $nhk 2>$TMP/e; [ \$? -eq 2 ] && grep -q 'same file as dictionary' $TMP/e && cmp $TMP/d0 $TMP/d.jsonl"
t "a symlink to an input as the output is refused" "ln -sf $TMP/in.txt $TMP/link.jsonl && $EG tag -q $D -o $TMP/link.jsonl $TMP/in.txt; [ \$? -eq 2 ] && cmp_in"
t "-o X -o X is refused" "$EG graph -q $D -o $TMP/same.graphml -o $TMP/same.graphml $nhk 2>$TMP/e; [ \$? -eq 2 ] && grep -q 'are the same file' $TMP/e && [ ! -e $TMP/same.graphml ]"
t "--mentions X -o X is refused" "$EG graph -q $D --mentions $TMP/mx --format dot -o $TMP/mx $nhk; [ \$? -eq 2 ] && [ ! -e $TMP/mx ]"
t "-o '' is refused" "$EG tag -q $D -o '' $nhk 2>$TMP/e; [ \$? -eq 2 ] && grep -q 'empty output file name' $TMP/e"

# ---- signals: temporary files removed, previous outputs intact, 128+signal.
# A background job of a script starts with SIGINT ignored (and entgraph
# leaves an inherited "ignore" alone, as nohup expects): the run is started
# through a wrapper that restores the default first.
/usr/bin/python3 -c "
t = open('$nhk').read().replace('\n', ' ')
import json
with open('$TMP/long.jsonl', 'w') as f:
    for i in range(60000): f.write(json.dumps({'id': 'd%d' % i, 'text': t}) + '\n')"
for sig in INT TERM HUP; do
    mkdir -p "$TMP/sig"; echo old > "$TMP/sig/g.graphml"; echo old > "$TMP/sig/m.jsonl"
    t "SIG$sig during a run: exit 128+signal, no temporary file, old outputs intact" \
      "/usr/bin/python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' $EG graph -q $D -j 1 --mentions $TMP/sig/m.jsonl -o $TMP/sig/g.graphml $TMP/long.jsonl & pid=\$!; sleep 0.7; kill -$sig \$pid; wait \$pid; rc=\$?; [ \$rc -eq \$((128 + \$(kill -l $sig))) ] && [ \"\$(ls $TMP/sig)\" = \"\$(printf 'g.graphml\nm.jsonl')\" ] && [ \"\$(cat $TMP/sig/g.graphml)\" = old ] && [ \"\$(cat $TMP/sig/m.jsonl)\" = old ]"
done

# ---- nothing lands in the wrong file; write errors name the file and why
t "closed standard error (2>&-): warnings never go into the output file" \
  "printf 'Japan\xff and China' > $TMP/bad8.txt && $EG tag $D -o $TMP/w.jsonl $TMP/bad8.txt 2>&- && ! grep -q warning $TMP/w.jsonl && [ \$(wc -l < $TMP/w.jsonl) -eq 2 ]"
t "closed standard output: no crash, exit 3 or quiet" "$EG tag -q $D $nhk >&- 2>$TMP/e; rc=\$?; [ \$rc -eq 0 ] || [ \$rc -eq 3 ]"
t "tag -o /dev/full: exit 3 and 'No space left on device'" \
  "$EG tag -q $D -o /dev/full $nhk 2>$TMP/e; [ \$? -eq 3 ] && grep -q '/dev/full: write error: No space left on device' $TMP/e"
t "graph --mentions /dev/full: exit 3 and a message naming it" \
  "$EG graph -q $D --mentions /dev/full -o $TMP/full.graphml $nhk 2>$TMP/e; [ \$? -eq 3 ] && grep -q '/dev/full: write error: No space left on device' $TMP/e && [ ! -e $TMP/full.graphml ]"
t "graph -o /dev/full: exit 3 and a message naming it" \
  "$EG graph -q $D --format dot -o /dev/full $nhk 2>$TMP/e; [ \$? -eq 3 ] && grep -q '/dev/full: write error: No space left on device' $TMP/e"
t "an existing 0600 output keeps its mode" \
  "echo old > $TMP/p600.jsonl && chmod 600 $TMP/p600.jsonl && $EG tag -q $D -o $TMP/p600.jsonl $nhk && [ \$(stat -c %a $TMP/p600.jsonl) = 600 ] && cmp $TMP/ref.jsonl $TMP/p600.jsonl"
t "a new output gets 0666 minus the umask" "rm -f $TMP/new.jsonl && (umask 027 && $EG tag -q $D -o $TMP/new.jsonl $nhk) && [ \$(stat -c %a $TMP/new.jsonl) = 640 ]"

# ---- runs that fail do not look like success
t "graph on an input that does not exist: exit 1, no graph written" \
  "$EG graph -q $D -o $TMP/none.graphml $TMP/nosuch.jsonl 2>$TMP/e; [ \$? -eq 1 ] && [ ! -e $TMP/none.graphml ] && grep -q 'no document was read' $TMP/e"
t "an unreadable input among readable ones: the rest is written, exit 1" \
  "$EG graph -q $D -o $TMP/part.graphml $nhk $TMP/nosuch.txt 2>$TMP/e; [ \$? -eq 1 ] && [ -s $TMP/part.graphml ] && grep -q 'nosuch.txt: cannot open' $TMP/e"
t "a FIFO inside an input directory is skipped with a warning, never opened" \
  "mkdir -p $TMP/withfifo && cp $nhk $TMP/withfifo/a.txt && rm -f $TMP/withfifo/b.txt && mkfifo $TMP/withfifo/b.txt && timeout 20 $EG tag $D $TMP/withfifo > $TMP/wf.jsonl 2>$TMP/e && grep -q 'b.txt: not a regular file' $TMP/e && [ -s $TMP/wf.jsonl ]"
