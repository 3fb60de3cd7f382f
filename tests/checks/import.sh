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

# ---- ftm
t "ftm: the expected dictionary, byte for byte" \
  "$EG dict import --from ftm $I/ftm.jsonl -o ftm.jsonl 2> ftm.err && diff -u $I/ftm.expected.jsonl ftm.jsonl"
t "ftm: a broken line, a missing id and a bad property are warnings at file:line:col" \
  "grep -qx \"entgraph: warning: $I/ftm.jsonl:8:84: invalid JSON: expected ',' or '}', found the end of the input\" ftm.err && \
   grep -qx \"entgraph: warning: $I/ftm.jsonl:9:1: an entity without 'id'; skipped\" ftm.err && \
   grep -qx \"entgraph: warning: $I/ftm.jsonl:12:76: 'properties.name' must be a list of strings\" ftm.err"
t "ftm: the summary counts Vessel, Airplane and Ownership as other schemas, the repeated id as merged" \
  "grep -q '12 records read from 1 input, 5 entities written to ftm.jsonl (1 record merged into an earlier one with the same id); skipped: 2 bad records, 1 no id, 3 other FtM schemas' ftm.err"
t "ftm: schemas, weak aliases (variant, exact case), countries (ru, hu, kp, suhh) and positions" \
  "python3 -c '
import json
e = {x[\"id\"]: x for x in map(json.loads, open(\"ftm.jsonl\"))}
u = e[\"ftm:NK-fixture-ushakov\"]
assert u[\"type\"] == \"person\" and u[\"attrs\"][\"country\"] == \"country:RUS\"
assert {\"text\": \"Ushakov\", \"kind\": \"variant\", \"case\": \"exact\"} in u[\"aliases\"]
assert u[\"attrs\"][\"position\"] == [\"Aide to the President of the Russian Federation\", \"Ambassador of Russia to the United States (1999-2008)\"]
assert \"Iouri Ouchakov\" in u[\"aliases\"]
assert e[\"ftm:NK-fixture-cmc\"][\"type\"] == \"agency\" and e[\"ftm:NK-fixture-cmc\"][\"attrs\"][\"country\"] == \"country:PRK\"
assert e[\"ftm:NK-fixture-rusal\"][\"subtype\"] == \"company\"
assert e[\"ftm:NK-fixture-gromyko\"][\"attrs\"][\"country\"] == \"country:SUN\"
assert e[\"ftm:NK-fixture-tisza\"][\"attrs\"][\"country\"] == \"country:HUN\"
assert not any(\"vessel\" in k or \"plane\" in k for k in e)'"
t "ftm: the result passes dict check with the default dictionaries (every country id exists)" "$EG dict check $ROOT/dicts ftm.jsonl"
t "ftm: tagging finds the imported people and bodies; the weak alias only in its exact case" \
  "echo 'Kremlin aide Yuri Ushakov met the CMC. Later Ushakov said USHAKOV was wrong; Rusal shares fell.' > f.txt && \
   [ \"\$($EG tag --no-cache --no-default-dicts -d ftm.jsonl f.txt | python3 -c 'import sys,json; print(\" \".join(json.loads(l)[\"id\"]+\"=\"+json.loads(l)[\"text\"] for l in sys.stdin))')\" = \
     'ftm:NK-fixture-ushakov=Yuri Ushakov ftm:NK-fixture-cmc=CMC ftm:NK-fixture-ushakov=Ushakov ftm:NK-fixture-rusal=Rusal' ]"
t "ftm: --types keeps only the types asked for" \
  "$EG dict import -q --from ftm --types person $I/ftm.jsonl -o p.jsonl && [ \$(wc -l < p.jsonl) -eq 2 ] && ! grep -q organization p.jsonl"
