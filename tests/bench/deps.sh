#!/bin/bash
# deps.sh PKG... - install the Debian packages that are missing (apt-get, as
# root or through sudo).  Used by `make bench`.
set -u
missing=()
for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
# node and npm may come from elsewhere than Debian: the commands are enough
if command -v node >/dev/null && command -v npm >/dev/null; then
    keep=()
    for p in "${missing[@]}"; do [ "$p" = nodejs ] || [ "$p" = npm ] || keep+=("$p"); done
    missing=("${keep[@]+"${keep[@]}"}")
    [ ${#missing[@]} -eq 0 ] && exit 0
fi
echo "make bench: installing ${missing[*]}"
if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "make bench: apt-get failed for: ${missing[*]}" >&2; exit 3; }
