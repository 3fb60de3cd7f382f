/* Unit tests: sentence and paragraph splitting. */
#include "test.h"
#include "internal.h"

static const char *sents(const char *t, int para)
{
    static char out[1024];
    eg_segments s;
    eg_segments_init(&s);
    eg_segment(&s, t, strlen(t));
    size_t len = 0, n = para ? s.npara : s.nsent;
    size_t *a = para ? s.para : s.sent;
    out[0] = 0;
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%zu", i ? "," : "", a[i]);
    eg_segments_release(&s);
    return out;
}

int main(void)
{
    CHECK_STR(sents("One. Two! Three? Four", 0), "0,5,10,17", "basic terminators");
    CHECK_STR(sents("Mr. Smith met Gen. Lee on Jan. 5. Then left.", 0), "0,34", "abbreviations do not end sentences");
    CHECK_STR(sents("The U.S. Navy sailed. The U.S. The end.", 0), "0,22,31", "dotted acronym: break only before an opener");
    CHECK_STR(sents("J. Biden spoke.", 0), "0", "initials");
    CHECK_STR(sents("He said \"no.\" Then left.", 0), "0,14", "closing quote after the period");
    CHECK_STR(sents("version 1.2 is out. ok", 0), "0", "lowercase next word does not start a sentence");
    CHECK_STR(sents("日本は。中国は", 0), "0,12", "CJK full stop");
    CHECK_STR(sents("Line one\nLine two\nLine three", 1), "0,9,18", "no blank lines: each line a paragraph");
    CHECK_STR(sents("Para one\nwrapped\n\nPara two", 1), "0,18", "blank lines separate paragraphs");
    CHECK_STR(sents("Para one\nwrapped\n\nPara two", 0), "0,18", "soft wraps do not end sentences");
    CHECK_STR(sents("", 0), "0", "empty text");
    CHECK_STR(sents("Japan met China.\nTurkey said no.\n\nThe U.S. agreed.", 0), "0,17,34",
              "blank-line mode: a terminator before a soft wrap still ends the sentence");
    CHECK_STR(sents("Japan met China.\nTurkey said no.\n\nThe U.S. agreed.", 1), "0,34", "and the blank line is a paragraph");
    CHECK_STR(sents("one line\rtwo line\r\rthree", 1), "0,19", "lone CRs are line ends (blank line = paragraph)");
    CHECK_STR(sents("a b\r\nc d\r\ne f", 1), "0,5,10", "CRLF line ends");

    /* The AVX2 scan (32 bytes at a time) against the scalar one: random
     * texts of every length to 400 from pieces that end, or do not end,
     * sentences and paragraphs. */
    {
        static const char *const pieces[] = { ". ", "! ", "? ", "\n", "\n\n", "\r\n", "\r", " Mr. ", " U.S. ", "...", "\"", ")",
                                              "。", "！", "é", "\xff", "  ", "\t", " The ", " they ", "A", "(", "?!" };
        eg_segments a, b;
        eg_segments_init(&a);
        eg_segments_init(&b);
        b.scalar = true;
        char buf[1600];
        unsigned seed = 99, differ = 0, cases = 0;
        size_t sentences = 0;
        for (int k = 0; k < 20000; k++) {
            size_t len = rand_text(buf, sizeof buf, (size_t)(k % 400), &seed, 5, "abcdefghijklmnopqrstuvwxyz ABCDEFGH",
                                   pieces, sizeof pieces / sizeof *pieces);
            if (eg_segment(&a, buf, len) || eg_segment(&b, buf, len)) { differ++; continue; }
            cases++;
            sentences += a.nsent;
            if (a.nsent != b.nsent || a.npara != b.npara || memcmp(a.sent, b.sent, a.nsent * sizeof *a.sent) ||
                memcmp(a.para, b.para, a.npara * sizeof *a.para))
                differ++;
        }
        CHECK(differ == 0 && cases == 20000 && sentences > 40000,
              "SIMD and scalar segmentation agree on %u random texts (%zu sentences)", cases, sentences);
        eg_segments_release(&a);
        eg_segments_release(&b);
    }
    return t_failed != 0;
}
