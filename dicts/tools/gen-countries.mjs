#!/usr/bin/env node
// gen-countries.mjs - generate dicts/countries.jsonl (see README-countries.md).
//
//   node dicts/tools/gen-countries.mjs WORLD_COUNTRIES_DIR ISO_CODES_JSON_DIR OVERLAY_JSON > dicts/countries.jsonl
//
// WORLD_COUNTRIES_DIR: the npm package `world-countries` (its countries.json).
// ISO_CODES_JSON_DIR: Debian's iso-codes JSON directory (/usr/share/iso-codes/json).
// OVERLAY_JSON: dicts/tools/countries-overlay.json (hand-kept additions, removals, historical states).
//
// Optional: an English word list (WORDLIST env var, default /usr/share/dict/words) used to
// drop generated foreign-language aliases that are English words.  The overlay's
// "english_words" list is always applied, so the output does not depend on the word list;
// hits of the word list that are not yet in the overlay are reported on stderr.
// Set GEN_COUNTRIES_VERBOSE=1 to list every dropped alias on stderr.
//
// Node.js >= 20, no dependencies.

import fs from 'node:fs';
import path from 'node:path';

const VERBOSE = !!process.env.GEN_COUNTRIES_VERBOSE;

function die(msg) {
    process.stderr.write(`gen-countries: ${msg}\n`);
    process.exit(1);
}

const args = process.argv.slice(2);
if (args.length !== 3)
    die('usage: node gen-countries.mjs WORLD_COUNTRIES_DIR ISO_CODES_JSON_DIR OVERLAY_JSON');
const [wcArg, isoDir, overlayPath] = args;

function readJson(p) {
    try {
        return JSON.parse(fs.readFileSync(p, 'utf8'));
    } catch (e) {
        die(`cannot read ${p}: ${e.message}`);
    }
}

function findWorldCountries(p) {
    if (fs.existsSync(p) && fs.statSync(p).isFile()) return p;
    for (const c of ['countries.json', 'dist/countries.json', 'node_modules/world-countries/countries.json']) {
        const q = path.join(p, c);
        if (fs.existsSync(q)) return q;
    }
    die(`no countries.json under ${p}`);
}

const wc = readJson(findWorldCountries(wcArg));
const iso1 = readJson(path.join(isoDir, 'iso_3166-1.json'))['3166-1'];
const iso3 = readJson(path.join(isoDir, 'iso_3166-3.json'))['3166-3'];
const overlay = readJson(overlayPath);

// ---------------------------------------------------------------- languages
// world-countries uses ISO 639-3 (and 639-2/B "per") codes; emit ISO 639-1 where it exists.
const langMap = new Map();
{
    const p3 = path.join(isoDir, 'iso_639-3.json');
    const p2 = path.join(isoDir, 'iso_639-2.json');
    if (fs.existsSync(p3))
        for (const l of readJson(p3)['639-3']) if (l.alpha_2) langMap.set(l.alpha_3, l.alpha_2);
    if (fs.existsSync(p2))
        for (const l of readJson(p2)['639-2']) {
            if (!l.alpha_2) continue;
            if (!langMap.has(l.alpha_3)) langMap.set(l.alpha_3, l.alpha_2);
            if (l.bibliographic && !langMap.has(l.bibliographic)) langMap.set(l.bibliographic, l.alpha_2);
        }
}
const langCode = (l) => langMap.get(l) || l;

// ------------------------------------------------------------ normalisation
// Approximates the tagger's matching key: NFKC, case folded, Latin/Greek/Cyrillic
// diacritics removed, apostrophes and dashes unified, white space collapsed.
function fold(s) {
    return s
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/ß/g, 'ss')
        .replace(/[\u2018\u2019\u02bb\u02bc\u0060\u00b4\u2032]/g, "'")
        .replace(/[\u2010-\u2015\u2212]/g, '-')
        .replace(/\s+/g, ' ')
        .trim()
        .normalize('NFC');
}
const clean = (s) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
const letters = (s) => [...s].filter((ch) => /\p{L}/u.test(ch));
const isLatin = (s) => letters(s).every((ch) => /\p{Script=Latin}/u.test(ch));

// ---------------------------------------------------------------- word list
const wordlistPath = process.env.WORDLIST || '/usr/share/dict/words';
let englishWords = null;
if (fs.existsSync(wordlistPath)) {
    englishWords = new Set();
    for (const w of fs.readFileSync(wordlistPath, 'utf8').split('\n'))
        if (/^[a-z\u00e0-\u00ff]+$/.test(w)) englishWords.add(fold(w)); // common words only, no proper nouns
} else {
    process.stderr.write(`gen-countries: note: no word list at ${wordlistPath}; using the overlay's english_words only\n`);
}
const overlayEnglish = new Set((overlay.english_words || []).map(fold));
const newWordlistHits = new Set();
function isEnglishWord(text) {
    const k = fold(text);
    if (overlayEnglish.has(k)) return true;
    if (englishWords && englishWords.has(k)) {
        newWordlistHits.add(k);
        return true;
    }
    return false;
}

// ------------------------------------------------------------------ aliases
const KINDS = ['name', 'abbreviation', 'variant', 'demonym', 'metonym'];
// Source tiers: a lower tier wins a clash between countries (see resolveClashes).
const TIER = { overlay: 0, name: 0, official: 1, iso: 1, saint: 1, demonym: 1, plural: 1, capital: 1, alt: 2, native: 3, translation: 3 };

const globalRemove = new Set((overlay.remove_everywhere || []).map(fold));
const sharedOk = new Set((overlay.shared || []).map(fold));
const dropped = []; // {id, text, why}

function drop(id, text, why) {
    dropped.push({ id, text, why });
}

class Entity {
    constructor(id, name) {
        this.id = id;
        this.name = name;
        this.aliases = []; // {text, kind, case, lang, src, key}
        this.byKey = new Map();
        this.remove = new Set();
        this.attrs = {};
    }

    // Add an alias; generated ones (src != overlay/name) go through the filters.
    add(text, kind, src, opt = {}) {
        if (typeof text !== 'string') return;
        text = clean(text);
        const generated = src !== 'overlay' && src !== 'name';
        if (generated) {
            if (!text) return;
            if (kind === 'name' && !opt.lang && /^the\s/i.test(text)) text = text.replace(/^the\s+/i, '');
            if (/[,()]/.test(text)) return drop(this.id, text, 'inverted or parenthesised form');
            if (/[\u0250-\u02af\u02be\u02bf]/.test(text)) return drop(this.id, text, 'IPA or transliteration marks');
            if (isLatin(text) && letters(text).length <= 2) return drop(this.id, text, 'too short (<= 2 Latin letters)');
        }
        if (!text) die(`${this.id}: empty alias`);
        const key = fold(text);
        const from = opt.valid_from || null, to = opt.valid_to || null;
        // a dated overlay alias may repeat another overlay alias with other
        // dates ("Congo" up to 1971 and again from 1997)
        const prevSame = this.byKey.get(key);
        const datedTwin = prevSame && src === 'overlay' && prevSame.src === 'overlay' &&
            (from || to || prevSame.valid_from || prevSame.valid_to) &&
            (from !== (prevSame.valid_from || null) || to !== (prevSame.valid_to || null));
        if (this.byKey.has(key) && !datedTwin) {
            // duplicate after case/diacritic folding: the first one wins, but a foreign
            // alternative spelling takes the language of an identical native name/translation
            const prev = this.byKey.get(key);
            if (opt.lang && !prev.lang && prev.src === 'alt' && prev.kind === 'name') prev.lang = opt.lang;
            return;
        }
        if (generated) {
            if (globalRemove.has(key)) return drop(this.id, text, 'listed in remove_everywhere');
            if (this.remove.has(key)) return drop(this.id, text, 'listed in the overlay removals');
            if ((src === 'alt' || src === 'native' || src === 'translation') && isLatin(text) && isEnglishWord(text))
                return drop(this.id, text, 'English word');
        }
        if (!KINDS.includes(kind)) die(`${this.id}: bad alias kind ${kind}`);
        const a = { text, kind, src, key };
        if (opt.case) a.case = opt.case;
        if (opt.lang) a.lang = opt.lang;
        if (from) a.valid_from = from;
        if (to) a.valid_to = to;
        this.aliases.push(a);
        if (!datedTwin) this.byKey.set(key, a);
    }

    // Overlay additions: {"name": [...], "abbreviation": [...], ...}; an item is a
    // string or {"text", "case", "lang", "valid_from", "valid_to"}.
    addOverlay(add) {
        for (const kind of Object.keys(add || {})) {
            if (!KINDS.includes(kind)) die(`${this.id}: overlay: bad alias kind ${kind}`);
            for (const item of add[kind]) {
                if (typeof item === 'string') this.add(item, kind, 'overlay');
                else this.add(item.text, kind, 'overlay', { case: item.case, lang: item.lang, valid_from: item.valid_from, valid_to: item.valid_to });
            }
        }
    }

    removeAlias(a, why) {
        this.aliases = this.aliases.filter((x) => x !== a);
        this.byKey.delete(a.key);
        drop(this.id, a.text, why);
    }
}

// Plural of an English demonym, or null when the form is uninflected (Japanese, Swiss, British...).
function demonymPlural(d) {
    if (d === 'Czech') return 'Czechs';
    if (/(an|er|i|ot|ine|ek|ak|ene|ino|que|ar)$/.test(d)) return d + 's';
    return null;
}

// ------------------------------------------------------------------ build
const iso1By3 = new Map(iso1.map((e) => [e.alpha_3, e]));
const iso3By3 = new Map(iso3.map((e) => [e.alpha_3, e]));
const ovCountries = overlay.countries || {};
const entities = [];

function applyOverlayHead(ent, ov) {
    for (const r of ov.remove || []) ent.remove.add(fold(r));
    // the dates the entity itself is used (every alias, its name included)
    if (ov.valid_from) ent.valid_from = ov.valid_from;
    if (ov.valid_to) ent.valid_to = ov.valid_to;
}

const wcBy3 = new Map();
for (const c of wc) {
    const code = c.cca3 === 'UNK' ? 'XKX' : c.cca3; // world-countries uses UNK for Kosovo
    wcBy3.set(code, c);
}

const wanted = [...iso1.map((e) => e.alpha_3), 'XKX'];
for (const code of Object.keys(ovCountries)) if (!wanted.includes(code)) die(`overlay: unknown country ${code}`);
for (const code of wanted) {
    const c = wcBy3.get(code);
    const ie = iso1By3.get(code);
    if (!c) die(`world-countries has no entry for ${code}`);
    const ov = ovCountries[code] || {};
    const ent = new Entity(`country:${code}`, clean(ov.name || c.name.common));
    applyOverlayHead(ent, ov);

    ent.add(ent.name, 'name', 'name');
    ent.addOverlay(ov.add);
    ent.add(c.name.common, 'name', 'name');
    ent.add(c.name.official, 'name', 'official');
    if (ie) for (const f of ['common_name', 'name', 'official_name']) if (ie[f]) ent.add(ie[f], 'name', 'iso');
    for (const a of c.altSpellings || []) {
        const t = clean(a);
        const caps = t === t.toUpperCase() && /\p{Lu}/u.test(t) && isLatin(t);
        ent.add(t, caps ? 'abbreviation' : 'name', 'alt');
    }
    // "Saint Lucia" -> "St Lucia", "St. Lucia"
    for (const a of [...ent.aliases])
        if (a.kind === 'name' && !a.lang && /^Saint \p{Lu}/u.test(a.text))
            for (const st of ['St ', 'St. ']) ent.add(st + a.text.slice(6), 'variant', 'saint');
    const dem = (c.demonyms && c.demonyms.eng) || {};
    const demSeen = new Set();
    for (const g of ['m', 'f'])
        for (const d of (dem[g] || '').split(/\s*,\s*|\s+or\s+/)) {
            if (!d || demSeen.has(d)) continue;
            demSeen.add(d);
            ent.add(d, 'demonym', 'demonym');
            const p = demonymPlural(d);
            if (p) ent.add(p, 'demonym', 'plural');
        }
    for (const cap of c.capital || []) ent.add(cap, 'metonym', 'capital');
    const native = c.name.native || {};
    for (const l of Object.keys(native).sort())
        for (const f of ['common', 'official'])
            if (native[l][f]) ent.add(native[l][f], 'name', 'native', { lang: langCode(l) });
    const tr = c.translations || {};
    for (const l of Object.keys(tr).sort())
        for (const f of ['common', 'official'])
            if (tr[l][f]) ent.add(tr[l][f], 'name', 'translation', { lang: langCode(l) });

    const attrs = {};
    attrs.iso2 = ie ? ie.alpha_2 : c.cca2;
    attrs.iso3 = code;
    if (ie && ie.numeric) attrs.numeric = ie.numeric;
    if (c.capital && c.capital.length) attrs.capital = c.capital[0];
    if (c.region) attrs.region = c.region;
    if (c.subregion) attrs.subregion = c.subregion;
    Object.assign(attrs, ov.attrs || {});
    ent.attrs = attrs;
    entities.push(ent);
}

// Historical states: from the overlay, with codes from ISO 3166-3 where they exist.
for (const [code, ov] of Object.entries(overlay.former || {})) {
    if (!ov.name) die(`overlay: former state ${code} has no name`);
    const ent = new Entity(`country:${code}`, clean(ov.name));
    applyOverlayHead(ent, ov);
    ent.add(ent.name, 'name', 'name');
    ent.addOverlay(ov.add);
    const attrs = {};
    const e3 = ov.iso3166_3 ? iso3By3.get(ov.iso3166_3) : null;
    if (ov.iso3166_3 && !e3) die(`overlay: ${code}: ${ov.iso3166_3} is not in ISO 3166-3`);
    if (e3) {
        attrs.iso2 = e3.alpha_2;
        attrs.iso3 = e3.alpha_3;
        if (e3.numeric) attrs.numeric = e3.numeric;
    }
    attrs.former = true;
    Object.assign(attrs, ov.attrs || {});
    if (e3 && e3.withdrawal_date) attrs.iso_withdrawn = e3.withdrawal_date;
    ent.attrs = attrs;
    entities.push(ent);
}

// ---------------------------------------------------------- cross-country clashes
// An alias held by several countries: lower-tier (weaker) holders lose it; if several
// countries still hold it at the same tier it must be listed in the overlay's "shared".
function resolveClashes() {
    const owners = new Map(); // key -> [{ent, a}]
    for (const ent of entities)
        for (const a of ent.aliases) {
            if (!owners.has(a.key)) owners.set(a.key, []);
            owners.get(a.key).push({ ent, a });
        }
    const errors = [];
    const shared = [];
    for (const [key, list] of [...owners.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) {
        const ids = new Set(list.map((o) => o.ent.id));
        if (ids.size < 2) continue;
        // holders whose dates never meet do not clash ("Russia": the Soviet
        // Union up to 1991, Russia from then on)
        const span = (o) => [o.a.valid_from || o.ent.valid_from || '0000', o.a.valid_to || o.ent.valid_to || '9999'];
        const meet = (x, y) => { const [a, b] = span(x), [c, d] = span(y); return a <= d && c <= b; };
        if (!list.some((x) => list.some((y) => x.ent !== y.ent && meet(x, y)))) continue;
        if (sharedOk.has(key)) {
            shared.push(`${list[0].a.text}: ${[...ids].sort().join(' ')}`);
            continue;
        }
        const best = Math.min(...list.map((o) => TIER[o.a.src]));
        for (const o of list)
            if (TIER[o.a.src] > best) o.ent.removeAlias(o.a, `clash with another country's alias`);
        const rest = list.filter((o) => TIER[o.a.src] === best);
        if (new Set(rest.map((o) => o.ent.id)).size < 2) continue;
        if (best >= TIER.native) {
            // foreign names that several countries share (e.g. two translations): ambiguous, drop all
            for (const o of rest) o.ent.removeAlias(o.a, 'foreign name shared by several countries');
            continue;
        }
        errors.push(`${rest.map((o) => `${o.ent.id} ${JSON.stringify(o.a.text)} (${o.a.src})`).join(', ')}`);
    }
    if (errors.length)
        die(`aliases shared by several countries (remove them or list them in "shared"):\n  ${errors.join('\n  ')}`);
    return shared;
}
const shared = resolveClashes();

// Unused overlay removals are probably typos.
for (const ent of entities)
    for (const r of ent.remove)
        if (!dropped.some((d) => d.id === ent.id && fold(d.text) === r))
            process.stderr.write(`gen-countries: warning: ${ent.id}: removal ${JSON.stringify(r)} matched nothing\n`);

// ------------------------------------------------------------------ output
const kindRank = (k) => KINDS.indexOf(k);
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
function aliasOrder(ent) {
    return (x, y) => {
        if ((x.text === ent.name) !== (y.text === ent.name)) return x.text === ent.name ? -1 : 1;
        return (
            Number(!!x.lang) - Number(!!y.lang) ||
            kindRank(x.kind) - kindRank(y.kind) ||
            cmp(x.lang || '', y.lang || '') ||
            cmp(x.key, y.key) ||
            cmp(x.text, y.text)
        );
    };
}

// JSON with Python-style separators (", " and ": "), non-ASCII kept as is.
function dump(v) {
    if (Array.isArray(v)) return `[${v.map(dump).join(', ')}]`;
    if (v && typeof v === 'object')
        return `{${Object.entries(v)
            .map(([k, x]) => `${JSON.stringify(k)}: ${dump(x)}`)
            .join(', ')}}`;
    return JSON.stringify(v);
}

entities.sort((a, b) => cmp(a.id, b.id));
const ATTR_ORDER = ['iso2', 'iso3', 'numeric', 'capital', 'region', 'subregion', 'former', 'from', 'to', 'iso_withdrawn', 'note'];
function orderAttrs(attrs) {
    const rank = (k) => (ATTR_ORDER.includes(k) ? ATTR_ORDER.indexOf(k) : ATTR_ORDER.length);
    return Object.fromEntries(Object.entries(attrs).sort((x, y) => rank(x[0]) - rank(y[0]) || cmp(x[0], y[0])));
}
const out = [];
const kindCount = Object.fromEntries(KINDS.map((k) => [k, 0]));
let langCount = 0;
for (const ent of entities) {
    const aliases = [...ent.aliases].sort(aliasOrder(ent)).map((a) => {
        kindCount[a.kind]++;
        if (a.lang) langCount++;
        if (a.kind === 'name' && !a.lang && !a.case && !a.valid_from && !a.valid_to) return a.text;
        const o = { text: a.text, kind: a.kind };
        if (a.case) o.case = a.case;
        if (a.lang) o.lang = a.lang;
        if (a.valid_from) o.valid_from = a.valid_from;
        if (a.valid_to) o.valid_to = a.valid_to;
        return o;
    });
    const head = { id: ent.id, name: ent.name, type: 'country' };
    if (ent.valid_from) head.valid_from = ent.valid_from;
    if (ent.valid_to) head.valid_to = ent.valid_to;
    out.push(dump({ ...head, aliases, attrs: orderAttrs(ent.attrs) }));
}
process.stdout.write(out.join('\n') + '\n');

// ------------------------------------------------------------------ report
const r = process.stderr;
r.write(`gen-countries: ${entities.length} entities (${entities.filter((e) => e.attrs.former).length} former); `);
r.write(`aliases: ${KINDS.map((k) => `${k} ${kindCount[k]}`).join(', ')}; with lang ${langCount}\n`);
r.write(`gen-countries: deliberately shared: ${shared.join('; ') || 'none'}\n`);
const why = {};
for (const d of dropped) why[d.why] = (why[d.why] || 0) + 1;
r.write(`gen-countries: dropped ${dropped.length}: ${Object.entries(why).map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
if (VERBOSE) for (const d of dropped) r.write(`  drop ${d.id} ${JSON.stringify(d.text)}: ${d.why}\n`);
const fresh = [...newWordlistHits].filter((k) => !overlayEnglish.has(k)).sort();
if (fresh.length)
    r.write(`gen-countries: word-list hits not in the overlay's english_words (add them for reproducible output): ${fresh.join(' ')}\n`);
