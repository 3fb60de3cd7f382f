"""Check every mention's offsets against the document it came from:
text[start:end] (code points, Python semantics) and bytes[byte_start:byte_end]
must both equal the reported surface.  Arguments: mentions.jsonl, then the
.txt documents (doc id = path as given)."""
import json
import sys

docs = {p: open(p, "rb").read() for p in sys.argv[2:]}
texts = {p: raw.decode("utf-8", "surrogateescape") for p, raw in docs.items()}
n = bad = 0
for line in open(sys.argv[1], encoding="utf-8"):
    m = json.loads(line)
    raw = docs[m["doc"]]
    text = texts[m["doc"]]
    surf = m["text"]
    ok = raw[m["byte_start"]:m["byte_end"]].decode("utf-8") == surf and text[m["start"]:m["end"]] == surf
    n += 1
    if not ok:
        bad += 1
        print("bad offsets:", line.strip())
print(f"{n} mentions checked, {bad} bad")
sys.exit(1 if bad or not n else 0)
