#!/usr/bin/env bash
# The default dictionaries: dict check is clean, minimum counts per type
# (issue: every country, >= 400 agencies, >= 300 organisations of which
# >= 120 media, >= 700 people), and the NHK sample yields exactly the
# entities its README lists.
set -u
mkdir -p "$TMP"
t() { if eval "$2" >"$TMP/log" 2>&1; then echo "ok - $1"; else echo "not ok - $1"; sed 's/^/#   /' "$TMP/log" | head -15; fi; }
t "dict check dicts/ passes" "$EG dict check $ROOT/dicts > $TMP/stats"
count() { awk -v t="$1" '$1 == t { print $2 }' "$TMP/stats"; }
t "countries: 249 ISO + Kosovo + 5 historical states" "[ \"\$(count country)\" -ge 255 ]"
t "agencies >= 400" "[ \"\$(count agency)\" -ge 400 ]"
t "organizations >= 300" "[ \"\$(count organization)\" -ge 300 ]"
t "people >= 700" "[ \"\$(count person)\" -ge 700 ]"
t "media outlets >= 120" "[ \$(grep -c '\"subtype\": \"media\"' $ROOT/dicts/organizations.jsonl) -ge 120 ]"
t "every attrs.country names a loaded country" "python3 -c '
import json,glob,sys
ents=[json.loads(l) for f in glob.glob(\"$ROOT/dicts/*.jsonl\") for l in open(f,encoding=\"utf-8\") if l.strip()]
ents=[e for e in ents if \"id\" in e]; ids={e[\"id\"] for e in ents}
bad=[e[\"id\"] for e in ents if e.get(\"attrs\",{}).get(\"country\") and e[\"attrs\"][\"country\"] not in ids]
print(bad); sys.exit(1 if bad else 0)'"
# A later file that repeats an id extends that entity and replaces its fields:
# in the defaults only on purpose (people-more adds Abu Mohammad al-Jolani to
# al-Sharaa); anything else is two files drafting one person.
t "no id is repeated across the default dictionaries except the deliberate extensions" "python3 -c '
import json,glob,sys,collections
seen=collections.defaultdict(list)
for f in sorted(glob.glob(\"$ROOT/dicts/*.jsonl\")):
    for l in open(f,encoding=\"utf-8\"):
        l=l.strip()
        if l.startswith(\"{\"):
            e=json.loads(l)
            if \"id\" in e: seen[e[\"id\"]].append(f.rsplit(\"/\",1)[1])
rep={i:v for i,v in seen.items() if len(v)>1}
ok={\"per:ahmed-al-sharaa\": [\"people-leaders.jsonl\", \"people-more.jsonl\"]}
print(rep); sys.exit(0 if rep==ok else 1)'"
nhk=$ROOT/tests/samples/nhk-2023-08-08-china-hacked-japan.txt
want="country:CHN country:JPN country:USA org:ann org:jpn-ministry-of-defense org:jsdf org:nhk org:nsa org:pla org:us-department-of-defense org:washington-post org:white-house per:hamada-yasukazu per:joe-biden"
t "NHK sample: exactly the entities a reader finds" "[ \"\$($EG tag $nhk | python3 -c 'import sys,json; print(\" \".join(sorted({json.loads(l)[\"id\"] for l in sys.stdin})))')\" = \"$want\" ]"
t "NHK sample: Tokyo and Beijing only with --metonyms" "[ \$($EG tag $nhk | grep -c '\"via\":\"metonym\"') -eq 0 ] && [ \$($EG tag --metonyms $nhk | grep -c '\"via\":\"metonym\"') -eq 3 ]"
t "NHK sample: Hamada after Hamada Yasukazu is the minister" "$EG tag $nhk | grep '\"text\":\"Hamada\"' | grep -q 'per:hamada-yasukazu'"
