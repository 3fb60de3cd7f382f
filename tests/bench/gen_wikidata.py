#!/usr/bin/env python3
"""gen_wikidata.py N COUNTRIES.jsonl - a synthetic Wikidata JSON dump of N items on stdout,
in the shape of latest-all.json (an array, one entity per line), for
`make bench-import`.  Deterministic (seeded).  70% humans (P27, P569), 20%
businesses (P17, P571), 9% films (no mapped class: skipped), then 200
country items with P298 (ISO codes of COUNTRIES.jsonl) at the end (so countries resolve only in the final
pass); labels in five languages of which the bench asks for two, aliases,
skipped claims (P21, P106) and sitelinks, about 1.6 KB a line like a small
real entity."""
import json, random, sys

def item(q):
    return {"entity-type": "item", "numeric-id": int(q[1:]), "id": q}

def st(pid, dv, typ="wikibase-entityid", dt="wikibase-item", rank="normal"):
    return {"mainsnak": {"snaktype": "value", "property": pid, "datavalue": {"value": dv, "type": typ}, "datatype": dt},
            "type": "statement", "rank": rank}

def tm(t, prec):
    return st("P", {"time": t, "timezone": 0, "before": 0, "after": 0, "precision": prec,
                    "calendarmodel": "http://www.wikidata.org/entity/Q1985727"}, "time", "time")

def main():
    n = int(sys.argv[1])
    # the ISO codes of the default country list, so that countries resolve
    isos = sorted({json.loads(l).get("attrs", {}).get("iso3") for l in open(sys.argv[2], encoding="utf-8")} - {None})
    rnd = random.Random(18)
    syl = ["ka", "to", "mi", "ra", "sen", "dor", "vel", "an", "is", "ko", "lu", "ber", "gi", "no", "ta", "sha"]
    word = lambda k: "".join(rnd.choice(syl) for _ in range(k)).capitalize()
    countries = ["Q%d" % (1000000 + i) for i in range(200)]
    out = sys.stdout
    out.write("[\n")
    first = True
    total = n + len(countries)
    for i in range(total):
        if i < n:
            q = "Q%d" % (2000000 + i)
            r = rnd.random()
            name = word(2) + " " + word(3)
            if r < 0.7:
                cls, claims = "Q5", {"P27": [st("P27", item(rnd.choice(countries)))],
                                     "P569": [tm("+19%02d-%02d-%02dT00:00:00Z" % (rnd.randrange(100), rnd.randrange(1, 13), rnd.randrange(1, 29)), 11)]}
            elif r < 0.9:
                cls, claims = "Q4830453", {"P17": [st("P17", item(rnd.choice(countries)))],
                                           "P571": [tm("+19%02d-00-00T00:00:00Z" % rnd.randrange(100), 9)]}
            else:
                cls, claims = "Q11424", {}
            claims["P31"] = [st("P31", item(cls))]
            claims["P21"] = [st("P21", item("Q6581097"))]
            claims["P106"] = [st("P106", item("Q%d" % rnd.randrange(100, 100000)))]
            labels = {l: {"language": l, "value": name if l != "ja" else name + "（テスト）"} for l in ("en", "ja", "de", "fr", "es")}
            aliases = {"en": [{"language": "en", "value": name.split()[1]}, {"language": "en", "value": name.split()[0][0] + ". " + name.split()[1]}]}
        else:
            q = countries[i - n]
            iso = isos[(i - n) % len(isos)]
            claims = {"P31": [st("P31", item("Q3624078"))], "P298": [st("P298", iso, "string", "external-id")]}
            labels = {"en": {"language": "en", "value": word(3) + "land"}}
            aliases = {}
        e = {"type": "item", "id": q, "labels": labels, "descriptions": {"en": {"language": "en", "value": "synthetic"}},
             "aliases": aliases, "claims": claims,
             "sitelinks": {s: {"site": s, "title": "T", "badges": []} for s in ("enwiki", "dewiki", "jawiki")[: 1 + i % 3]},
             "lastrevid": i, "modified": "2025-01-01T00:00:00Z"}
        out.write(("" if first else ",\n") + json.dumps(e, ensure_ascii=False, separators=(",", ":")))
        first = False
    out.write("\n]\n")

main()
