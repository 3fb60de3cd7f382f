#!/bin/bash
# fetch.sh DIR NAME@VERSION... - npm install the workload packages into DIR
# unless DIR/node_modules already holds exactly those versions.
set -eu
dir=$1; shift
ok=1
for spec in "$@"; do
    name=${spec%@*}; version=${spec##*@}
    pj="$dir/node_modules/$name/package.json"
    if [ ! -f "$pj" ] || [ "$(node -p "require(require('path').resolve('$pj')).version" 2>/dev/null)" != "$version" ]; then ok=0; fi
done
[ $ok = 1 ] && exit 0
mkdir -p "$dir"
[ -f "$dir/package.json" ] || echo '{"private": true, "description": "entgraph benchmark workload (build/bench)"}' > "$dir/package.json"
echo "make bench: npm install $*"
(cd "$dir" && npm install --no-audit --no-fund --silent "$@") \
    || { echo "make bench: npm install failed for: $*" >&2; exit 3; }
