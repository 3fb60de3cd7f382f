#!/bin/sh
# npm-deps.sh DIR - install the test suite's npm clients, at fixed versions,
# into DIR (build/npm) unless they are all there already: graphology and its
# GraphML and GEXF parsers (Gephi Lite's), sigma.js 3 and 4, Cytoscape.js,
# esbuild (to bundle the browser test pages) and puppeteer-core (to drive
# Debian's chromium).  Called by `make deps`; the checks call it too, so a
# check run on its own works.
set -eu
dir=$1
PKGS="graphology@0.25.4 graphology-graphml@0.5.2 graphology-gexf@0.13.2 cytoscape@3.35.0 esbuild@0.28.2 puppeteer-core@25.16.0 sigma3@npm:sigma@3.0.3 sigma4@npm:sigma@4.0.4"
ok=1
for spec in $PKGS; do
    name=${spec%%@*}
    [ -z "$name" ] && name=$spec
    want=${spec##*@}
    pj="$dir/node_modules/$name/package.json"
    if [ ! -f "$pj" ] || [ "$(node -p "require('$(cd "$(dirname "$pj")" 2>/dev/null && pwd)/package.json').version" 2>/dev/null)" != "$want" ]; then ok=0; fi
done
[ $ok = 1 ] && exit 0
command -v npm >/dev/null || { echo "npm-deps: npm is missing (make deps installs it)" >&2; exit 3; }
mkdir -p "$dir"
[ -f "$dir/package.json" ] || echo '{"private": true, "description": "entgraph test clients (build/npm)"}' > "$dir/package.json"
echo "npm-deps: npm install $PKGS" >&2
(cd "$dir" && npm install --no-audit --no-fund --silent $PKGS >/dev/null) \
    || { echo "npm-deps: npm install failed" >&2; exit 3; }
