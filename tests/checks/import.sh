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
   grep -qx 'entgraph: warning: $I/people.csv:10:17: empty .type. and no --default-type; row skipped' csv.err && \
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

# ---- wikidata
WD=$I/wikidata-dump.json
t "wikidata dump: the expected dictionary (--lang en,ja), byte for byte" \
  "$EG dict import --from wikidata --lang en,ja $WD -o wd.jsonl 2> wd.err && diff -u $I/wikidata-dump.expected.jsonl wd.jsonl"
t "wikidata dump: a broken line is a warning at file:line:col; the summary counts each reason" \
  "grep -qx \"entgraph: warning: $WD:8:102: invalid JSON: expected an object, found '}'\" wd.err && \
   grep -q '11 records read from 1 input, 7 entities written to wd.jsonl; skipped: 1 bad records, 1 no name, 1 no type, 1 not items (properties, lexemes)' wd.err"
t "wikidata dump: P31 by rank and the type map, P27 by rank, a country's P298 read later in the dump, dates by precision, Julian dates ignored" \
  "python3 -c '
import json
e = {x[\"id\"]: x for x in map(json.loads, open(\"wd.jsonl\"))}
assert e[\"wd:Q42\"][\"type\"] == \"person\" and e[\"wd:Q42\"][\"attrs\"][\"country\"] == \"country:GBR\" and e[\"wd:Q42\"][\"valid_from\"] == \"1952-03-11\"
p = e[\"wd:Q900000001\"]
assert p[\"attrs\"][\"country\"] == \"country:KEN\" and p[\"valid_from\"] == \"1970-05-01\", p
c = e[\"wd:Q900000002\"]
assert (c[\"type\"], c[\"subtype\"], c[\"valid_from\"]) == (\"organization\", \"company\", \"1904-01-01\"), c
a = e[\"wd:Q900000003\"]
assert (a[\"type\"], a[\"subtype\"]) == (\"agency\", \"intelligence\") and \"valid_from\" not in a
assert e[\"wd:Q30\"][\"type\"] == \"country\" and {\"text\": \"米国\", \"lang\": \"ja\"} in e[\"wd:Q30\"][\"aliases\"]
assert e[\"wd:Q900000006\"][\"name\"] == \"Ngozi Fixture\"
assert \"wd:Q900000005\" not in e and \"wd:Q900000004\" not in e and \"wd:P31\" not in e'"
t "wikidata dump: gzip and bzip2 (detected by their bytes, not the name) give the same bytes" \
  "gzip -c $WD > dump.json.gz && bzip2 -c $WD > dump.bz && cp dump.json.gz disguised.json && \
   $EG dict import -q --from wikidata --lang en,ja dump.json.gz -o gz.jsonl && cmp wd.jsonl gz.jsonl && \
   $EG dict import -q --from wikidata --lang en,ja dump.bz -o bz.jsonl && cmp wd.jsonl bz.jsonl && \
   $EG dict import -q --from wikidata --lang en,ja disguised.json -o dg.jsonl && cmp wd.jsonl dg.jsonl"
t "wikidata dump: a truncated or corrupt archive fails (exit 1) naming the file, no output" \
  "head -c 700 dump.json.gz > cut.json.gz && $EG dict import --from wikidata cut.json.gz -o cut.jsonl 2> cut.err; [ \$? -eq 1 ] && \
   grep -q 'cut.json.gz: corrupt or truncated gzip data' cut.err && [ ! -e cut.jsonl ] && \
   (head -c 300 dump.bz; head -c 2000 /dev/zero) > bad.bz2 && $EG dict import --from wikidata bad.bz2 -o bad.jsonl 2> bad.err; [ \$? -eq 1 ] && \
   grep -q 'bad.bz2: corrupt or truncated bzip2 data' bad.err && [ ! -e bad.jsonl ]"
t "wikidata: one entity per line (no array) and standard input read the same" \
  "grep '^{' $WD | sed 's/,\$//' > nd.jsonl && $EG dict import -q --from wikidata --lang en,ja - < nd.jsonl -o nd.out && cmp wd.jsonl nd.out"
t "wikidata: --min-sitelinks keeps the notable" \
  "$EG dict import --from wikidata --min-sitelinks 2 $WD -o ms.jsonl 2> ms.err && \
   [ \"\$(python3 -c 'import json,sys; print(\" \".join(json.loads(l)[\"id\"] for l in open(\"ms.jsonl\")))')\" = 'wd:Q30 wd:Q42 wd:Q900000002 wd:Q114' ] && \
   grep -q '4 below --min-sitelinks' ms.err"
t "wikidata: --type-map adds, retypes and drops classes; a bad line is an error at file:line" \
  "printf '# mine\nQ11424\tfilm\nQ3624078\t-\nQ6256\t-\nQ47913\torganization\tspies\n' > tm.tsv && \
   $EG dict import -q --from wikidata --type-map tm.tsv $WD -o tm.jsonl && grep -q '\"id\": \"wd:Q900000004\", \"name\": \"A Fixture Film\", \"type\": \"film\"' tm.jsonl && \
   ! grep -q '\"wd:Q30\"' tm.jsonl && grep -q '\"id\": \"wd:Q900000003\", \"name\": \"Fixture Intelligence Bureau\", \"type\": \"organization\", \"subtype\": \"spies\"' tm.jsonl && \
   printf 'Q5\tperson\nperson\tQ5\n' > tm2.tsv && $EG dict import --from wikidata --type-map tm2.tsv $WD -o tm2.jsonl 2> tm2.err; [ \$? -eq 1 ] && \
   grep -q \"tm2.tsv:2:1: 'person' is not a Wikidata item id\" tm2.err && [ ! -e tm2.jsonl ]"
t "wikidata: --types keeps only the types asked for" \
  "$EG dict import -q --from wikidata --types person,agency $WD -o ty.jsonl && [ \$(grep -c '\"type\": \"person\"' ty.jsonl) -eq 3 ] && [ \$(wc -l < ty.jsonl) -eq 4 ]"
t "wikidata SPARQL result: the expected dictionary (rows of one item merged, --lang filters xml:lang, a bare Q-id label is no label)" \
  "$EG dict import --from wikidata $I/sparql.json -o sp.jsonl 2> sp.err && diff -u $I/sparql.expected.jsonl sp.jsonl && \
   grep -qx \"entgraph: warning: $I/sparql.json:146:1: a result row without an ?item Wikidata entity URI; skipped\" sp.err && \
   grep -q '7 records read from 1 input, 3 entities written to sp.jsonl (2 records merged into an earlier one with the same id); skipped: 1 no id, 1 no name' sp.err"
t "wikidata: both results pass dict check with the default dictionaries" "$EG dict check $ROOT/dicts wd.jsonl && $EG dict check $ROOT/dicts sp.jsonl"
t "wikidata: tagging with the import finds the entities, in English and Japanese" \
  "printf 'Douglas Adams and Testco met. ダグラス・アダムズはテストコ海運に行った。\n' > w.txt && \
   [ \"\$($EG tag --no-cache --no-default-dicts -d wd.jsonl w.txt | python3 -c 'import sys,json; print(\" \".join(json.loads(l)[\"id\"] for l in sys.stdin))')\" = 'wd:Q42 wd:Q900000002 wd:Q42 wd:Q900000002' ]"
t "nothing importable: exit 1, no output" \
  "echo '[]' > empty.json && $EG dict import --from wikidata empty.json -o e.jsonl 2> e.err; [ \$? -eq 1 ] && [ ! -e e.jsonl ] && grep -q 'no record found' e.err"

# ---- more bad input
t "csv: invalid UTF-8 in a field is a warning at that field; the other rows are kept" \
  "printf 'id,name,type\nx:1,Good Name,person\nx:2,Bad \xff Name,person\nx:3,Also Good,person\n' > utf.csv && \
   $EG dict import --from csv utf.csv -o utf.jsonl 2> utf.err && grep -qx \"entgraph: warning: utf.csv:3:5: column 'name' holds a NUL byte or invalid UTF-8; row skipped\" utf.err && \
   [ \$(wc -l < utf.jsonl) -eq 2 ] && $EG dict check utf.jsonl"
t "an output that is also an input is refused (exit 2), the input untouched" \
  "cp $I/people.csv same.csv && $EG dict import --from csv same.csv -o same.csv 2> same.err; [ \$? -eq 2 ] && cmp same.csv $I/people.csv && grep -q 'both an input and the output' same.err"
t "--lang with something that is not a language code is a usage error" \
  "$EG dict import --from wikidata --lang 'en,J A' $I/sparql.json -o l.jsonl 2> l.err; [ \$? -eq 2 ] && grep -q \"'J A' is not a Wikidata language code\" l.err && [ ! -e l.jsonl ]"
# a byte at a time through a pipe: every record is cut somewhere
drip() { python3 -c 'import sys, time
d = open(sys.argv[1], "rb").read()
for i in range(len(d)):
    sys.stdout.buffer.write(d[i:i + 1]); sys.stdout.buffer.flush()
    if i % 97 == 0: time.sleep(0.0002)' "$1"; }
t "every format fed a byte at a time through a pipe gives the same dictionary (records and CRLF cut anywhere)" \
  "drip $I/people.csv | $EG dict import -q --from csv - -o drip1.jsonl && cmp drip1.jsonl $I/people.expected.jsonl && \
   drip $I/ftm.jsonl | $EG dict import -q --from ftm - -o drip2.jsonl && cmp drip2.jsonl $I/ftm.expected.jsonl && \
   drip $I/wikidata-dump.json | $EG dict import -q --from wikidata --lang en,ja - -o drip3.jsonl && cmp drip3.jsonl $I/wikidata-dump.expected.jsonl && \
   drip $I/sparql.json | $EG dict import -q --from wikidata - -o drip4.jsonl && cmp drip4.jsonl $I/sparql.expected.jsonl"
t "csv: an unclosed quote is reported where it opened; with nothing left, exit 1 and no output" \
  "printf 'id,name,type\nx:1,\"Unclosed,person\nx:2,Swallowed,person\n' > open.csv && $EG dict import --from csv open.csv -o open.jsonl 2> open.err; [ \$? -eq 1 ] && \
   grep -qx 'entgraph: warning: open.csv:2:5: a quoted field opened here is not closed by the end of the file; row skipped' open.err && \
   grep -qx 'entgraph: dict import: no entity imported (1 record read, all skipped)' open.err && [ ! -e open.jsonl ]"
