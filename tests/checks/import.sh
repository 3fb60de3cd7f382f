#!/usr/bin/env bash
# `entgraph dict import` (issue 18): each format's fixture (tests/import/,
# written after the published format documentation) gives exactly the
# expected dictionary; bad records are warnings with file:line:col and the
# import goes on; gzip and bzip2 inputs (made here from the plain ones) give
# the same bytes; a corrupt archive, a missing CSV column and an unknown
# --from fail with no output file; the result passes `dict check` and tags.
set -u
mkdir -p "$TMP"
t() { if eval "$2" >"$TMP/log" 2>&1; then echo "ok - $1"; else echo "not ok - $1"; sed 's/^/#   /' "$TMP/log" | head -15; fi; }
cd "$TMP"
I=$ROOT/tests/import
export TMPDIR=$TMP

# ---- csv
t "csv: the expected dictionary, byte for byte" \
  "$EG dict import --from csv $I/people.csv -o csv.jsonl 2> csv.err && diff -u $I/people.expected.jsonl csv.jsonl"
t "csv: bad rows are warnings with file:line:col, the summary counts them" \
  "grep -qx 'entgraph: warning: $I/people.csv:6:13: a quote inside an unquoted field (quote the field and double the quote); row skipped' csv.err && \
   grep -qx 'entgraph: warning: $I/people.csv:7:1: a row of 3 fields under a header of 5; row skipped' csv.err && \
   grep -qx 'entgraph: warning: $I/people.csv:9:1: empty .id.; row skipped' csv.err && \
   grep -qx 'entgraph: warning: $I/people.csv:10:1: empty .type. and no --default-type; row skipped' csv.err && \
   grep -q '8 records read from 1 input, 3 entities written to csv.jsonl (1 record merged into an earlier one with the same id); skipped: 2 bad records, 1 no id, 1 no type' csv.err"
t "csv: a quoted field keeps its comma, doubled quote and line break" \
  "python3 -c '
import csv, json, sys
rows = list(csv.DictReader(open(\"$I/people.csv\", newline=\"\", encoding=\"utf-8\")))
ups = [r for r in rows if r[\"id\"] == \"org:ups\"][0]
assert ups[\"note\"] == \"a \\\"parcel\\\" carrier\\r\\nwith a line break\", repr(ups[\"note\"])
got = [json.loads(l) for l in open(\"csv.jsonl\")]
assert [e for e in got if e[\"id\"] == \"org:ups\"][0][\"name\"] == ups[\"name\"] == \"United Parcel Service, Inc.\"'"
t "csv: --default-type fills an empty type" \
  "$EG dict import -q --from csv --default-type organization $I/people.csv -o d.jsonl && grep -q '\"id\": \"org:alcoa\", \"name\": \"Alcoa\", \"type\": \"organization\"' d.jsonl"
t "csv: other column names, another separator" \
  "printf 'key;label\n' > /dev/null && printf 'Key,Label,Kind,Also\nx:1,Acme Widgets,organization,Acme;AWC\n' > cols.csv && \
   $EG dict import -q --from csv --id-col Key --name-col Label --type-col Kind --alias-col Also --alias-sep ';' cols.csv -o cols.jsonl && \
   [ \"\$(cat cols.jsonl)\" = '{\"id\": \"x:1\", \"name\": \"Acme Widgets\", \"type\": \"organization\", \"aliases\": [\"Acme\", \"AWC\"]}' ]"
t "csv: a missing column fails (exit 1) with a did-you-mean, and no output file" \
  "echo old > keep.jsonl; $EG dict import --from csv --name-col nmae $I/people.csv -o keep.jsonl 2> miss.err; [ \$? -eq 1 ] && \
   grep -q \"people.csv:1: no column 'nmae' in the header (did you mean 'name'?)\" miss.err && [ \"\$(cat keep.jsonl)\" = old ] && \
   $EG dict import --from csv $I/people.csv --name-col nmae -o new.jsonl 2>/dev/null; [ ! -e new.jsonl ] && [ -z \"\$(ls | grep tmp)\" ]"
t "csv: the result passes dict check" "$EG dict check csv.jsonl"
t "csv: tagging with the result finds the imported entities" \
  "echo 'Attorney General Merrick Garland said UPS and Maersk would help; Garland left.' > t.txt && \
   [ \"\$($EG tag --no-cache --no-default-dicts -d csv.jsonl t.txt | python3 -c 'import sys,json; print(\" \".join(json.loads(l)[\"id\"] for l in sys.stdin))')\" = 'per:merrick-garland org:ups org:maersk per:merrick-garland' ]"

# ---- options
t "an unknown --from is a usage error (exit 2) with a did-you-mean" \
  "$EG dict import --from wikdata $I/people.csv -o u.jsonl 2> u.err; [ \$? -eq 2 ] && grep -q \"did you mean 'wikidata'\" u.err && [ ! -e u.jsonl ]"
t "a format's option with another format is a usage error" \
  "$EG dict import --from ftm --id-col x $I/people.csv -o u.jsonl 2> u.err; [ \$? -eq 2 ] && grep -q -- '--id-col applies to --from csv only' u.err"
t "an unreadable input fails (exit 1), no output" \
  "$EG dict import --from csv $I/people.csv nonexistent.csv -o u.jsonl 2> u.err; [ \$? -eq 1 ] && grep -q 'nonexistent.csv: cannot open' u.err && [ ! -e u.jsonl ]"
