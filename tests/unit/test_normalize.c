/* Unit tests: normalisation (folding rules and the offset map). */
#include "test.h"
#include "internal.h"
#include <stdlib.h>

static const char *norm(const char *s)
{
    static char out[512];
    size_t n;
    char *r = eg_norm_string(s, strlen(s), &n);
    snprintf(out, sizeof out, "%s", r ? r : "(null)");
    free(r);
    return out;
}

int main(void)
{
    CHECK_STR(norm("Erdoğan"), "erdogan", "diacritics folded (NFC)");
    CHECK_STR(norm("Erdog\xcc\x86" "an"), "erdogan", "diacritics folded (NFD)");
    CHECK_STR(norm("Szijjártó"), "szijjarto", "acute accents folded");
    CHECK_STR(norm("People’s"), "people's", "right single quote -> apostrophe");
    CHECK_STR(norm("Peopleʼs"), "people's", "modifier apostrophe -> apostrophe");
    CHECK_STR(norm("People′s"), "people's", "prime -> apostrophe");
    CHECK_STR(norm("Self‐Defense – Force — x‑y"), "self-defense - force - x-y", "dashes -> hyphen");
    CHECK_STR(norm("  White \t\n\r House  "), "white house", "white space runs -> one space, trimmed");
    CHECK_STR(norm("ＮＳＡ"), "nsa", "full-width letters (NFKC)");
    CHECK_STR(norm("ﬁnance"), "finance", "ligature decomposed");
    CHECK_STR(norm("Straße"), "strasse", "case folding of sharp s");
    CHECK_STR(norm("ΑΘΗΝΑ"), "αθηνα", "Greek case folded");
    CHECK_STR(norm("日本の防衛省"), "日本の防衛省", "CJK unchanged");
    CHECK_STR(norm("Mos\xc2\xa0" "cow"), "mos cow", "no-break space is a space");
    CHECK_STR(norm("soft\xc2\xad" "hyphen"), "softhyphen", "default-ignorable soft hyphen removed");

    eg_norm n;
    eg_norm_init(&n);
    const char *s = "Ａb\xff" "é c";
    CHECK(eg_norm_run(&n, s, strlen(s)) == 0, "norm_run ok");
    CHECK(n.len == 6 && memcmp(n.text, "ab\x01" "e c", 6) == 0, "invalid byte kept as a separator");
    CHECK(n.src[0] == 0 && n.src[1] == 3 && n.src[2] == 4 && n.src[3] == 5 && n.src[4] == 7 && n.src[5] == 8,
          "offset map points at the original bytes");
    CHECK(n.src[n.len] == strlen(s), "offset map ends at the input length");
    CHECK(n.invalid_at == 4 && n.invalid_count == 1, "first invalid byte reported");
    eg_norm_release(&n);

    int32_t cp;
    CHECK(eg_utf8_decode((const unsigned char *)"\xc0\xaf", 2, &cp) == 1 && cp == -1, "overlong rejected");
    CHECK(eg_utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp) == 1 && cp == -1, "surrogate rejected");
    CHECK(eg_utf8_decode((const unsigned char *)"\xe6\x97", 2, &cp) == 1 && cp == -1, "truncated sequence rejected");
    CHECK(eg_utf8_decode((const unsigned char *)"\xf0\x9f\x98\x80", 4, &cp) == 4 && cp == 0x1F600, "4-byte sequence decoded");

    /* The SIMD block path (32 ASCII bytes at a time, where the CPU has
     * AVX2) against the scalar loop: random texts of every length to 300
     * from a small alphabet rich in what the blocks must refuse (white
     * space runs, controls, DEL, non-ASCII) or fold (capitals). */
    {
        static const char *const pieces[] = { "a", "Z", "q", "0", "9", " ", "  ", "\t", "\n", "\r\n", "\x01", "\x7f", ".", "-",
                                              "'", "@", "[", "`", "{", "é", "ł", "日本", "\xff", "A", "M", "z", "Washington ", };
        eg_norm a, b;
        eg_norm_init(&a);
        eg_norm_init(&b);
        b.scalar = true;
        char buf[1200];
        unsigned seed = 12345, differ = 0, cases = 0, blocks = 0;
        for (int k = 0; k < 20000; k++) {
            /* mostly plain letters, so that many blocks are pure text */
            size_t len = rand_text(buf, sizeof buf, (size_t)(k % 300), &seed, 4, "abcdefghijklmnopQRSTUVWXYZ0123456789",
                                   pieces, sizeof pieces / sizeof *pieces);
            if (eg_norm_run(&a, buf, len) || eg_norm_run(&b, buf, len)) { differ++; continue; }
            cases++;
            for (size_t i = 0; i + 32 <= len; i += 32) {
                bool plain = true;
                for (size_t q = i; q < i + 32; q++) plain = plain && (unsigned char)buf[q] >= 0x20 && (unsigned char)buf[q] < 0x7f && buf[q] != ' ';
                blocks += plain;
            }
            if (a.len != b.len || a.invalid_at != b.invalid_at || a.invalid_count != b.invalid_count || a.ascii != b.ascii ||
                memcmp(a.text, b.text, a.len) || memcmp(a.flags, b.flags, a.len) || memcmp(a.src, b.src, (a.len + 1) * sizeof *a.src))
                differ++;
        }
        CHECK(differ == 0 && cases == 20000 && blocks > 1000,
              "SIMD and scalar normalisation agree on %u random texts (%u aligned blocks without white space)", cases, blocks);
        eg_norm_release(&a);
        eg_norm_release(&b);
    }
    return t_failed != 0;
}
