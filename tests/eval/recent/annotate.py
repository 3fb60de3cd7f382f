#!/usr/bin/env python3
"""Turn the annotation decisions of decisions.txt into gold/<doc>.jsonl.

decisions.txt, per document (`== <doc>`): `surface | type | id | occurrences`
annotates every whole-word occurrence of `surface` (or only the listed
1-based occurrences); `- surface` claims the span and annotates nothing (a
longer non-annotated name such as an event, so that the names inside it stay
unannotated).  Longer surfaces are placed first and a span is never claimed
twice.  Usage: annotate.py decisions.txt [doc ...]
"""
import json, re, sys, os
HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, 'docs')
GOLD = os.path.join(HERE, 'gold')
def parse(path):
    specs, cur = {}, None
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if not line.strip() or line.startswith('#'):
            continue
        if line.startswith('== '):
            cur = line[3:].strip(); specs[cur] = []; continue
        if line.startswith('- '):
            specs[cur].append((line[2:].strip(), None, None, None)); continue
        parts = [p.strip() for p in line.split('|')]
        occ = None
        if len(parts) > 3 and parts[3]:
            occ = set(int(x) for x in parts[3].split(','))
        specs[cur].append((parts[0], parts[1], parts[2], occ))
    return specs
def bound(text, s, e):
    a = s == 0 or not text[s-1].isalnum()
    b = e == len(text) or not text[e].isalnum()
    return a and b
def run(specs, only=None):
    for doc, items in specs.items():
        if only and doc not in only: continue
        text = open(os.path.join(DOCS, doc + '.txt'), encoding='utf-8').read()
        claimed = [False] * len(text)
        out = []
        for surf, typ, ident, occ in sorted(items, key=lambda x: -len(x[0])):
            n = 0; found = 0
            for m in re.finditer(re.escape(surf), text):
                s, e = m.span()
                if not bound(text, s, e) or any(claimed[s:e]): continue
                n += 1
                if occ and n not in occ: continue
                found += 1
                for i in range(s, e): claimed[i] = True
                if typ: out.append({"start": s, "end": e, "text": surf, "type": typ, "id": ident})
            if found == 0:
                print('WARN %s: %r not found' % (doc, surf), file=sys.stderr)
        out.sort(key=lambda m: m['start'])
        with open(os.path.join(GOLD, doc + '.jsonl'), 'w', encoding='utf-8') as f:
            for m in out: f.write(json.dumps(m, ensure_ascii=False) + '\n')
        print(doc, len(out))
if __name__ == '__main__':
    run(parse(sys.argv[1]), set(sys.argv[2:]) or None)
