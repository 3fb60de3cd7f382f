#!/usr/bin/env bash
# Redraw the README's screenshots of the HTML report: the NHK sample's
# report, opened in headless Chromium (make deps installs chromium and
# puppeteer-core), at the top and at the documents.  Run from the top of
# the tree.
set -eu
make -s deps all
D=examples/report
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
build/entgraph report -q -o "$T/report.html" tests/samples/nhk-2023-08-08-china-hacked-japan.txt
export NODE_PATH=build/npm/node_modules
VIEWPORT=900x640 node tests/checks/browser/drive.js "$T/report.html" "$D/report-top.png" 1 > /dev/null
SCROLL_TO='#documents' VIEWPORT=900x640 node tests/checks/browser/drive.js "$T/report.html" "$D/report-documents.png" 1 > /dev/null
