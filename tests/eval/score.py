#!/usr/bin/env python3
"""Score `entgraph tag` against the hand-annotated evaluation set.

Runs build/entgraph (default dictionaries) on every document listed in
tests/eval/MANIFEST.tsv in several configurations and compares the mentions
with tests/eval/gold/<doc>.jsonl; then does the same, as a separate section
of the report, for the recent (2020-2025) set of tests/eval/recent/
(MANIFEST.tsv, docs/, gold/).  Standard library only.

  strict   a prediction is a true positive when its code-point span
           (start, end) and its type equal those of a gold mention
  lenient  one-to-one matching of overlapping spans with the same type
  id       share of strict true positives whose gold id exists in the
           default dictionaries and whose predicted id equals it

usage: score.py [--entgraph PATH] [--report FILE] [--verbose]
                [--config NAME ...] [--top N] [--set all|main|recent]
exit: 0 scored, 1 corpus drift or bad gold, 2 usage, 3 entgraph failed
"""
import argparse
import collections
import datetime
import glob
import hashlib
import json
import os
import subprocess
import tempfile
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RECENT = os.path.join(HERE, "recent")
ROOT = os.path.dirname(os.path.dirname(HERE))
TYPES = ["person", "organization", "agency", "country"]
CONFIGS = [
    ("full", []),
    ("baseline", ["--no-propagate", "--no-resolve"]),
    ("unknown", ["--unknown"]),
]
CONFIG_NOTES = {
    "full": "default options (propagation and resolution on)",
    "baseline": "`--no-propagate --no-resolve` (no document-level resolution)",
    "unknown": "`--unknown` (the candidates of `entgraph suggest` as provisional entities)",
    "accept": "the 100 best `entgraph suggest` candidates passed back with `--dict` (types unchanged)",
}


class Drift(Exception):
    pass


def load_manifest(base=HERE):
    """The documents of the set in `base`: its MANIFEST.tsv (doc, file,
    sha256, code_points, source, date, then optional columns such as the
    title, licence and extraction of the recent set); gold in base/gold/."""
    docs = []
    with open(os.path.join(base, "MANIFEST.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            doc, rel, sha, npoints, source, date = line.rstrip("\n").split("\t")[:6]
            docs.append({"doc": doc, "path": os.path.join(base, rel),
                         "gold_path": os.path.join(base, "gold", doc + ".jsonl"),
                         "sha256": sha, "code_points": int(npoints),
                         "source": source, "date": date})
    return docs


def load_docs(docs):
    """Read each text, check it against the manifest and its gold file."""
    problems = []
    for d in docs:
        try:
            with open(d["path"], "rb") as f:
                raw = f.read()
        except OSError as e:
            problems.append("%s: cannot read %s (%s); run `make eval-corpus`"
                            % (d["doc"], d["path"], e.strerror))
            continue
        if hashlib.sha256(raw).hexdigest() != d["sha256"]:
            problems.append("%s: text differs from MANIFEST.tsv checksum "
                            "(the gold offsets no longer apply)" % d["doc"])
            continue
        d["text"] = raw.decode("utf-8")
        gold = []
        gpath = d["gold_path"]
        with open(gpath, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                m = json.loads(line)
                s, e = m["start"], m["end"]
                if d["text"][s:e] != m["text"] or m["type"] not in TYPES:
                    problems.append("%s:%d: gold mention %r does not match the "
                                    "text at %d-%d" % (gpath, n, m["text"], s, e))
                gold.append(m)
        gold.sort(key=lambda m: (m["start"], m["end"]))
        for a, b in zip(gold, gold[1:]):
            if b["start"] < a["end"]:
                problems.append("%s: overlapping gold mentions %r and %r"
                                % (gpath, a["text"], b["text"]))
        d["gold"] = gold
    if problems:
        raise Drift("\n".join(problems))


def dictionary_index():
    """Ids and lower-cased aliases of the default dictionaries."""
    ids, aliases = set(), collections.defaultdict(set)
    for path in sorted(glob.glob(os.path.join(ROOT, "dicts", "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    e = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(e, dict) or "id" not in e:
                    continue
                ids.add(e["id"])
                names = [e.get("name", "")] + [
                    a if isinstance(a, str) else a.get("text", "")
                    for a in e.get("aliases", [])]
                for a in names:
                    if a:
                        aliases[e["id"]].add(a.lower())
    return ids, aliases


def run_entgraph(exe, flags, docs):
    """Tag the documents as JSONL records with their dates (MANIFEST.tsv:
    the Brown samples are 1961 press, so a "Russia" there is the Soviet
    Union); offsets are into the same text."""
    lines = "".join(json.dumps({"id": d["doc"], "date": d["date"], "text": d["text"]}) + "\n" for d in docs)
    cmd = [exe, "tag", "-q", "--format", "jsonl", "--input-format", "jsonl"] + flags + ["-"]
    p = subprocess.run(cmd, input=lines.encode("utf-8"), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode("utf-8", "replace"))
        raise RuntimeError("%s exited %d" % (" ".join(cmd), p.returncode))
    by_doc = collections.defaultdict(list)
    for line in p.stdout.decode("utf-8").splitlines():
        if line.strip():
            m = json.loads(line)
            by_doc[m["doc"]].append(m)
    return {d["doc"]: sorted(by_doc.get(d["doc"], []), key=lambda m: (m["start"], m["end"]))
            for d in docs}


def run_suggest(exe, docs):
    """`entgraph suggest` over the same JSONL records: the candidates, best
    first."""
    lines = "".join(json.dumps({"id": d["doc"], "date": d["date"], "text": d["text"]}) + "\n" for d in docs)
    cmd = [exe, "suggest", "-q", "--input-format", "jsonl", "-"]
    p = subprocess.run(cmd, input=lines.encode("utf-8"), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode("utf-8", "replace"))
        raise RuntimeError("%s exited %d" % (" ".join(cmd), p.returncode))
    return p.stdout.decode("utf-8"), [json.loads(l) for l in p.stdout.decode("utf-8").splitlines() if l.strip()]


def suggest_precision(cands, docs, dict_ids, n):
    """Share of the n best suggestions whose name (or a spelling among its
    aliases) is, with the same type, the text of a gold mention of an
    entity the dictionaries miss."""
    gold = set()
    for d in docs:
        for m in d["gold"]:
            if m["id"] not in dict_ids:
                gold.add((m["text"], m["type"]))
    top = cands[:n]
    good = 0
    for c in top:
        forms = [c["name"]] + [a if isinstance(a, str) else a["text"] for a in c.get("aliases", [])]
        if any((f, c["type"]) in gold for f in forms):
            good += 1
    return good, len(top)


def overlap(a, b):
    return a["start"] < b["end"] and b["start"] < a["end"]


def match(gold, pred):
    """Strict and lenient matching for one document."""
    gkey = {(g["start"], g["end"], g["type"]): i for i, g in enumerate(gold)}
    strict = {}                      # pred index -> gold index
    for j, p in enumerate(pred):
        i = gkey.get((p["start"], p["end"], p["type"]))
        if i is not None and i not in strict.values():
            strict[j] = i
    lenient = dict(strict)
    used = set(strict.values())
    for j, p in enumerate(pred):     # greedy left to right, same type, overlap
        if j in lenient:
            continue
        for i, g in enumerate(gold):
            if i not in used and g["type"] == p["type"] and overlap(g, p):
                lenient[j] = i
                used.add(i)
                break
    return strict, lenient


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_config(docs, preds, dict_ids, aliases):
    res = {"counts": collections.defaultdict(lambda: [0, 0, 0]),   # type -> tp fp fn
           "lenient": collections.defaultdict(lambda: [0, 0, 0]),
           "id": collections.Counter(), "misses": [], "wrong": [], "docs": [],
           "indict": collections.defaultdict(lambda: [0, 0, 0])}  # type -> gold, strict, lenient
    for d in docs:
        gold, pred = d["gold"], preds[d["doc"]]
        strict, lenient = match(gold, pred)
        for table, m in (("counts", strict), ("lenient", lenient)):
            hit = set(m.values())
            for j, p in enumerate(pred):
                if j in m:
                    res[table][p["type"]][0] += 1
                else:
                    res[table][p["type"]][1] += 1
            for i, g in enumerate(gold):
                if i not in hit:
                    res[table][g["type"]][2] += 1
        shit, lhit = set(strict.values()), set(lenient.values())
        for i, g in enumerate(gold):
            if g["id"] in dict_ids:
                c = res["indict"][g["type"]]
                c[0] += 1
                c[1] += i in shit
                c[2] += i in lhit
        for j, i in strict.items():
            g, p = gold[i], pred[j]
            if g["id"] in dict_ids:
                res["id"]["eligible"] += 1
                if p.get("id") == g["id"] and not p.get("ambiguous"):
                    res["id"]["correct"] += 1
                elif p.get("ambiguous") and g["id"] in p.get("candidates", []):
                    res["id"]["ambiguous"] += 1
                else:
                    res["id"]["wrong"] += 1
                    res["wrong"].append(dict(kind="wrong id", doc=d["doc"], text=p["text"],
                                             start=p["start"], type=p["type"],
                                             pred=p.get("id"), gold=g["id"],
                                             via=p.get("via", "")))
            else:
                res["id"]["not-in-dict"] += 1
        hit = set(strict.values())
        ndoc = collections.Counter(tp=len(strict), fp=len(pred) - len(strict),
                                   fn=len(gold) - len(strict))
        res["docs"].append((d["doc"], ndoc))
        for i, g in enumerate(gold):
            if i in hit:
                continue
            ov = [p for p in pred if overlap(p, g)]
            if any(p["start"] == g["start"] and p["end"] == g["end"] for p in ov):
                cause = "type"
            elif any(p["type"] == g["type"] for p in ov):
                cause = "boundary"
            elif ov:
                cause = "type+boundary"
            elif g["id"] not in dict_ids:
                cause = "entity not in dictionary"
            elif g["text"].lower() in aliases.get(g["id"], ()):
                cause = "alias in dictionary, not matched"
            else:
                cause = "alias missing (entity in dictionary)"
            res["misses"].append(dict(doc=d["doc"], text=g["text"], start=g["start"],
                                      type=g["type"], gold=g["id"], cause=cause,
                                      ctx=context(d["text"], g["start"], g["end"])))
        for j, p in enumerate(pred):
            if j in strict:
                continue
            ov = [g for g in gold if overlap(p, g)]
            if any(g["start"] == p["start"] and g["end"] == p["end"] for g in ov):
                cause = "type"
            elif any(g["type"] == p["type"] for g in ov):
                cause = "boundary"
            elif ov:
                cause = "type+boundary"
            else:
                cause = "spurious"
            res["wrong"].append(dict(kind=cause, doc=d["doc"], text=p["text"],
                                     start=p["start"], type=p["type"], pred=p.get("id"),
                                     gold=",".join(g["id"] for g in ov) or "-",
                                     via=p.get("via", ""),
                                     ctx=context(d["text"], p["start"], p["end"])))
    return res


def context(text, s, e, width=40):
    a = text[max(0, s - width):s].replace("\n", " ")
    b = text[e:e + width].replace("\n", " ")
    return "…%s[%s]%s…" % (a, text[s:e], b)


def fmt(x):
    return "%.3f" % x


def table_rows(res):
    """One row per gold type, one per other predicted type (e.g. the
    `unknown` of --unknown: all false positives), and "all" over every
    prediction."""
    rows = []
    other = sorted(k for k in set(res["counts"]) | set(res["lenient"]) if k not in TYPES)
    types = TYPES + other
    for t in types + ["all"]:
        if t == "all":
            c = [sum(res["counts"][k][n] for k in types) for n in range(3)]
            l = [sum(res["lenient"][k][n] for k in types) for n in range(3)]
        else:
            c, l = res["counts"][t], res["lenient"][t]
        p, r, f = prf(*c)
        lp, lr, lf = prf(*l)
        rows.append((t, c[0], c[1], c[2], p, r, f, lp, lr, lf))
    return rows


def summarize(items, key, top):
    c = collections.Counter(key(x) for x in items)
    return c.most_common(top)


def report(docs, results, args, dict_ids, title="entgraph evaluation report", intro=None):
    out = []
    w = out.append
    ngold = collections.Counter(g["type"] for d in docs for g in d["gold"])
    indict = sum(1 for d in docs for g in d["gold"] if g["id"] in dict_ids)
    total = sum(ngold.values())
    w("# " + title)
    w("")
    if intro:
        w(intro)
        w("")
    w("Date: %s. entgraph: `%s`. Documents: %d (%s code points). Gold mentions: %d "
      "(%s). Gold mentions whose entity is in the default dictionaries: %d (%.1f%%)."
      % (datetime.date.today().isoformat(), version(args.entgraph), len(docs),
         "{:,}".format(sum(d["code_points"] for d in docs)), total,
         ", ".join("%s %d" % (t, ngold[t]) for t in TYPES), indict,
         100.0 * indict / total if total else 0))
    w("")
    for name, res in results:
        w("## Configuration `%s`: %s" % (name, CONFIG_NOTES.get(name, "")))
        w("")
        w("| type | TP | FP | FN | P | R | F1 | lenient P | lenient R | lenient F1 |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for t, tp, fp, fn, p, r, f, lp, lr, lf in table_rows(res):
            b = "**" if t == "all" else ""
            w("| %s%s%s | %d | %d | %d | %s | %s | %s | %s | %s | %s |"
              % (b, t, b, tp, fp, fn, fmt(p), fmt(r), fmt(f), fmt(lp), fmt(lr), fmt(lf)))
        idc = res["id"]
        el = idc["eligible"]
        w("")
        w("Entity ids: of %d strict true positives whose gold entity is in the dictionaries, "
          "%d have the gold id (%.1f%%), %d are left ambiguous with the gold id among the "
          "candidates, %d have another id. (%d further true positives are entities the "
          "dictionaries lack.)"
          % (el, idc["correct"], 100.0 * idc["correct"] / el if el else 0,
             idc["ambiguous"], idc["wrong"], idc["not-in-dict"]))
        w("")
        ind = res["indict"]
        tot = [sum(ind[t][n] for t in TYPES) for n in range(3)]
        w("Recall on the %d gold mentions whose entity is in the dictionaries (matcher "
          "coverage without the dictionary gap): strict %s, lenient %s; %s."
          % (tot[0], fmt(tot[1] / tot[0] if tot[0] else 0), fmt(tot[2] / tot[0] if tot[0] else 0),
             ", ".join("%s %s/%s of %d" % (t, fmt(ind[t][1] / ind[t][0]), fmt(ind[t][2] / ind[t][0]),
                                            ind[t][0]) for t in TYPES if ind[t][0])))
        w("")
        w("Misses by cause: " + ", ".join("%s %d" % kv for kv in
                                          summarize(res["misses"], lambda m: m["cause"], 10)))
        w("")
        w("Wrong predictions by cause: " + ", ".join(
            "%s %d" % kv for kv in summarize(res["wrong"], lambda m: m["kind"], 10)))
        w("")
        w("Most frequent misses (gold text, type, cause):")
        w("")
        for (text, typ, cause), n in summarize(
                res["misses"], lambda m: (m["text"], m["type"], m["cause"]), args.top):
            w("- %d × `%s` (%s; %s)" % (n, text, typ, cause))
        w("")
        w("Most frequent wrong predictions (text → predicted id, cause, via):")
        w("")
        for (text, pid, kind, via), n in summarize(
                res["wrong"], lambda m: (m["text"], m["pred"], m["kind"], m["via"]), args.top):
            w("- %d × `%s` → %s (%s%s)" % (n, text, pid, kind, ", via " + via if via else ""))
        w("")
        w("Per document (strict TP / FP / FN):")
        w("")
        w("| doc | TP | FP | FN | P | R | F1 |")
        w("|---|---:|---:|---:|---:|---:|---:|")
        for doc, c in res["docs"]:
            p, r, f = prf(c["tp"], c["fp"], c["fn"])
            w("| %s | %d | %d | %d | %s | %s | %s |" % (doc, c["tp"], c["fp"], c["fn"],
                                                      fmt(p), fmt(r), fmt(f)))
        w("")
        if args.verbose:
            w("### All misses and wrong predictions (`%s`)" % name)
            w("")
            bydoc = collections.defaultdict(list)
            for m in res["misses"]:
                bydoc[m["doc"]].append((m["start"], "miss  %-13s %-40s %s  %s" % (
                    m["type"], m["gold"], m["cause"], m["ctx"])))
            for m in res["wrong"]:
                bydoc[m["doc"]].append((m["start"], "wrong %-13s %-40s %s gold=%s%s  %s" % (
                    m["type"], m["pred"], m["kind"], m["gold"],
                    " via=" + m["via"] if m["via"] else "", m.get("ctx", m["text"]))))
            for doc in sorted(bydoc):
                w("#### %s" % doc)
                w("")
                w("```")
                for _, line in sorted(bydoc[doc]):
                    w(line)
                w("```")
                w("")
    return "\n".join(out) + "\n"


def version(exe):
    try:
        return subprocess.run([exe, "--version"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL).stdout.decode().strip()
    except OSError:
        return exe


def evaluate(args, docs, dict_ids, aliases):
    """Every configuration over one set; returns the scored results and the
    discovery paragraph."""
    results = []
    for name, flags in CONFIGS:
        if args.config and name not in args.config:
            continue
        preds = run_entgraph(args.entgraph, flags, docs)
        results.append((name, score_config(docs, preds, dict_ids, aliases)))
    # discovery: suggest's precision at 50 and 100, and the accept loop
    # (the 100 best, types unchanged, passed back with --dict)
    extra = ""
    if not args.config or "accept" in args.config:
        raw, cands = run_suggest(args.entgraph, docs)
        lines_ = raw.splitlines(True)
        fd, accepted = tempfile.mkstemp(prefix="entgraph-accept-", suffix=".jsonl")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.writelines(lines_[:100])
        try:
            preds = run_entgraph(args.entgraph, ["--dict", accepted], docs)
        finally:
            os.unlink(accepted)
        results.append(("accept", score_config(docs, preds, dict_ids, aliases)))
        g50, n50 = suggest_precision(cands, docs, dict_ids, 50)
        g100, n100 = suggest_precision(cands, docs, dict_ids, 100)
        extra = ("\n## Discovery (`entgraph suggest`)\n\n%d candidates over the %d documents. Precision of the best "
                 "suggestions (name and type equal to a gold mention of an entity the dictionaries miss): "
                 "P@50 = %.2f (%d of %d), P@100 = %.2f (%d of %d). Configuration `accept` passes the 100 best "
                 "back with `--dict`, types unchanged.\n" % (len(cands), len(docs), g50 / max(n50, 1), g50, n50,
                                                              g100 / max(n100, 1), g100, n100))
    return results, extra


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--entgraph", default=os.path.join(ROOT, "build", "entgraph"))
    ap.add_argument("--report", help="also write the report (Markdown) to FILE")
    ap.add_argument("--verbose", "-v", action="store_true",
                    help="list every miss and wrong prediction per document")
    ap.add_argument("--config", action="append", choices=[c for c, _ in CONFIGS] + ["accept"],
                    help="configuration(s) to run (default: all)")
    ap.add_argument("--top", type=int, default=15, help="length of the frequency lists")
    ap.add_argument("--set", choices=["all", "main", "recent"], default="all",
                    help="which set to score: the Brown and NHK set (main), the recent "
                         "2020-2025 set in tests/eval/recent (recent), or both (default)")
    args = ap.parse_args()
    dict_ids, aliases = dictionary_index()
    sets = []
    if args.set in ("all", "main"):
        sets.append((HERE, "entgraph evaluation report", None))
    if args.set in ("all", "recent"):
        sets.append((RECENT, "Recent set (2020–2025): government and EU news releases",
                     "A second, separate set: %s. Sources, licences and the "
                     "annotation notes are in tests/eval/README.md (section \"Recent set\"); "
                     "the numbers above are those of the Brown and NHK set alone."
                     % "texts listed in tests/eval/recent/MANIFEST.tsv"))
    text = ""
    for base, title, intro in sets:
        docs = load_manifest(base)
        try:
            load_docs(docs)
        except Drift as e:
            sys.stderr.write("score.py: evaluation corpus drift:\n%s\n" % e)
            return 1
        try:
            results, extra = evaluate(args, docs, dict_ids, aliases)
        except (RuntimeError, OSError) as e:
            sys.stderr.write("score.py: %s\n" % e)
            return 3
        if text:
            text += "\n"
        text += report(docs, results, args, dict_ids, title, intro) + extra
    sys.stdout.write(text)
    if args.report:
        os.makedirs(os.path.dirname(os.path.abspath(args.report)), exist_ok=True)
        tmp = args.report + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, args.report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
