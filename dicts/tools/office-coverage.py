#!/usr/bin/env python3
"""Which offices the default dictionaries cover, per UN member state.

    /usr/bin/python3 dicts/tools/office-coverage.py [--missing POST] [DICT_DIR]

Reads every person's attrs.country and attrs.role strings and counts, for the
193 UN member states, those with a holder of each post: head of state (hos),
head of government (hog), foreign (fm), defence (def), interior (int) and
finance (fin) minister -- "current" when the role's years are open ("2023–",
"2023–; transitional until 2025", "from 2024", or "as of 2022": the last year
a source confirmed, since 2020).
A heuristic over free-text roles, for maintainers deciding what to curate
next; it reads no network and changes nothing.
--missing POST lists the states with no current holder of POST.  A role
that names another state after "of" ("King of Canada (2022–)" on an entity
whose attrs.country is GBR) counts for the state it names; any other role
counts for attrs.country.  A ministry of (national or public) security or
public safety, and Bolivia's Ministry of Government, count as interior: they
run the police.  Known limit: roles without years count as held, never as
current.
"""
import argparse, collections, glob, json, os, re

# The 193 UN member states (ISO 3166-1 alpha-3), from the npm package
# world-countries (unMember), without the Holy See.
UN = """AFG AGO ALB AND ARE ARG ARM ATG AUS AUT AZE BDI BEL BEN BFA BGD BGR BHR BHS BIH BLR BLZ BOL BRA BRB BRN BTN BWA CAF CAN CHE CHL CHN CIV CMR COD COG COL COM CPV CRI CUB CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESP EST ETH FIN FJI FRA FSM GAB GBR GEO GHA GIN GMB GNB GNQ GRC GRD GTM GUY HND HRV HTI HUN IDN IND IRL IRN IRQ ISL ISR ITA JAM JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MOZ MRT MUS MWI MYS NAM NER NGA NIC NLD NOR NPL NRU NZL OMN PAK PAN PER PHL PLW PNG POL PRK PRT PRY QAT ROU RUS RWA SAU SDN SEN SGP SLB SLE SLV SMR SOM SRB SSD STP SUR SVK SVN SWE SWZ SYC SYR TCD TGO THA TJK TKM TLS TON TTO TUN TUR TUV TZA UGA UKR URY USA UZB VCT VEN VNM VUT WSM YEM ZAF ZMB ZWE""".split()

POSTS = {
    'hos': re.compile(r'\b(President|King|Queen|Emperor|Emir|Sultan|Monarch|Governor-General|Grand Duke|Prince|Supreme Leader|'
                      r'Chairman of the Presidium|Head of State|Captain Regent|Co-Prince|Chair of the Presidency|'
                      r'Member of the Presidency|Chairman of the (Transitional )?Sovereignty Council|Yang di-Pertuan Agong)\b'
                      r'(?!.*(Minister|Commission|Assembly|Senate|Court|Bank|Parliament|[Pp]arty))'),
    'hog': re.compile(r'\b(Prime Minister|Premier|Chancellor of (Germany|Austria)|Chief Executive|President of the Government|'
                      r'Head of Government|Chairman of the (Council of Ministers|Cabinet of Ministers)|Taoiseach|Minister of State of Monaco)\b'),
    'fm': re.compile(r'\b(Foreign (Minister|Secretary|Affairs)|Minister (of|for) (Foreign|External) (Affairs|Relations)|'
                     r'Secretary of State of the United States|United States Secretary of State|Minister of International Relations|Secretary of State for Foreign|External Affairs Minister|Minister of Foreign|Secretary for Foreign)', re.I),
    'def': re.compile(r'\b(Defen[cs]e|Armed Forces|Minister of War)\b', re.I),
    'int': re.compile(r'\b(Interior|Internal Administration|Minister of Government of Bolivia|Minister (of|for) (National )?Security|Public Safety|Home Affairs|Home Secretary|Public Security|Internal Affairs|Homeland Security)\b', re.I),
    'fin': re.compile(r'\b(Finance|Treasury|Treasurer|Exchequer)\b', re.I),
}
SKIP = re.compile(r'Deputy|Vice|Spokes|Ambassador|Shadow|Permanent Representative|Commissioner|Committee|Chief of|Commander')
OPEN = re.compile(r'\d{4}\s*[–-]\s*[);]|\bfrom \d{4}|since \d{4}|as of 202\d')


def country_names(d):
    """English names and aliases of the countries in DIR/countries.jsonl, as
    (regex, id), the longest name first ("Papua New Guinea" before "Guinea")."""
    names = {}
    for line in open(os.path.join(d, 'countries.jsonl'), encoding='utf-8'):
        if not line.startswith('{'):
            continue
        e = json.loads(line)
        cid = e['id'].replace('country:', '')
        for a in [e['name']] + (e.get('aliases') or []):
            if isinstance(a, dict):
                if a.get('kind', 'name') not in ('name', 'variant') or a.get('lang'):
                    continue
                a = a['text']
            names.setdefault(a, cid)
    alt = '|'.join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(r'\bof (?:the )?(' + alt + r')\b'), names


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('dir', nargs='?', default=os.path.join(os.path.dirname(__file__), '..'))
    ap.add_argument('--missing', choices=sorted(POSTS))
    a = ap.parse_args()
    named, names = country_names(a.dir)
    cur = collections.defaultdict(set)
    seen = collections.defaultdict(set)
    for f in sorted(glob.glob(os.path.join(a.dir, '*.jsonl'))):
        for line in open(f, encoding='utf-8'):
            line = line.strip()
            if not line.startswith('{'):
                continue
            e = json.loads(line)
            if e.get('type') != 'person':
                continue
            at = e.get('attrs') or {}
            c = (at.get('country') or '').replace('country:', '')
            roles = at.get('role') or []
            for r in [roles] if isinstance(roles, str) else roles:
                # "Deputy Prime Minister and Minister of Foreign Affairs": each office apart
                for part in re.split(r' and (?=[A-Z])|; ', r):
                    if SKIP.search(part):
                        continue
                    m = named.search(part)
                    where = names[m.group(1)] if m else c
                    for p, rx in POSTS.items():
                        if rx.search(part):
                            seen[(where, p)].add(e['id'])
                            if OPEN.search(r):
                                cur[(where, p)].add(e['id'])
    if a.missing:
        print(' '.join(c for c in UN if not cur.get((c, a.missing))))
        return
    print('post  current  any  (of %d UN member states)' % len(UN))
    for p in POSTS:
        print('%-4s  %7d  %3d' % (p, sum(1 for c in UN if cur.get((c, p))), sum(1 for c in UN if seen.get((c, p)))))


if __name__ == '__main__':
    main()
