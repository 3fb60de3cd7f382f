/* Unit test: the compiled dictionary image (dict_cache.c) can only be
 * refused, never trusted wrongly.  In process, so the whole image can be
 * attacked fast and under the sanitizers:
 *   - every bit of the header and 20,000 random bits of the body flipped:
 *     refused (the checksum covers every byte);
 *   - the checksum defeated (recomputed after the change, as a collision or
 *     a deliberate forgery would): every header field set to hostile values,
 *     an alias chain made into a loop, links pointed out of range -- each is
 *     refused by validation or, if accepted, tags exactly as the original;
 *   - a wrong key, a truncated image, a misaligned buffer: refused. */
#include "test.h"
#include "tag_helper.h"
#include "internal.h"
#include <stdlib.h>

static const char *D =
    "{\"id\":\"country:JPN\",\"name\":\"Japan\",\"type\":\"country\",\"aliases\":[\"日本\",{\"text\":\"Japanese\",\"kind\":\"demonym\"}]}\n"
    "{\"id\":\"country:CHN\",\"name\":\"China\",\"type\":\"country\",\"aliases\":[\"中国\",{\"text\":\"PRC\",\"kind\":\"abbreviation\"}]}\n"
    "{\"id\":\"org:pla\",\"name\":\"People's Liberation Army\",\"type\":\"agency\",\"aliases\":[\"PLA\"],\"attrs\":{\"country\":\"country:CHN\"}}\n"
    "{\"id\":\"org:jpn-mod\",\"name\":\"Ministry of Defense\",\"type\":\"agency\",\"aliases\":[\"Defense Ministry\"],\"attrs\":{\"country\":\"country:JPN\"}}\n"
    "{\"id\":\"org:chn-mod\",\"name\":\"Ministry of National Defense\",\"type\":\"agency\",\"aliases\":[\"Defense Ministry\"],\"attrs\":{\"country\":\"country:CHN\"}}\n"
    "{\"id\":\"per:hamada\",\"name\":\"Hamada Yasukazu\",\"type\":\"person\",\"attrs\":{\"given\":\"Yasukazu\",\"family\":\"Hamada\",\"order\":\"family-first\",\"country\":\"country:JPN\"}}\n";

static const char *TEXT = "Japan's Defense Ministry said Hamada Yasukazu met PLA officers; Hamada and the PRC, 日本 and 中国. "
                          "The Defense Ministry in Beijing, Japanese forces.";

static char ref[8192];

static const char *tag_all(const eg_dict *d)
{
    const char *r = tag(d, TEXT);
    return r;
}

/* 0 refused, 1 accepted and tags as the original, -1 accepted and differs */
static int try_image(const unsigned char *img, size_t len, uint64_t key)
{
    void *copy = malloc(len ? len : 1);
    memcpy(copy, img, len);
    eg_dict *d;
    eg_error why;
    eg_error_clear(&why);
    int rc = eg_dict_cache_decode(&d, copy, len, key, &why);
    if (rc) { free(copy); return rc == 1 ? 0 : -2; }
    int same = !strcmp(tag_all(d), ref);
    eg_dict_free(d);
    return same ? 1 : -1;
}

static void reseal(unsigned char *img, size_t len)
{
    uint64_t sum = eg_dict_cache_checksum(img, len);
    memcpy(img + len - 8, &sum, 8);
}

int main(void)
{
    eg_dict *d = mkdict(D);
    CHECK(d != NULL, "dictionary loads");
    if (!d) return 1;
    snprintf(ref, sizeof ref, "%s", tag_all(d));
    CHECK(strstr(ref, "Hamada=per:hamada") != NULL, "reference tagging: %s", ref);
    void *vimg;
    size_t len;
    eg_error err;
    eg_error_clear(&err);
    CHECK(eg_dict_cache_encode(d, 7, &vimg, &len, &err) == 0, "encode");
    unsigned char *img = vimg;
    CHECK(try_image(img, len, 7) == 1, "the pristine image decodes and tags identically");
    CHECK(try_image(img, len, 8) == 0, "a wrong key is refused");
    CHECK(try_image(img, len - 8, 7) == 0 && try_image(img, 100, 7) == 0 && try_image(img, 0, 7) == 0, "truncated images are refused");
    {
        unsigned char *mis = malloc(len + 1);
        memcpy(mis + 1, img, len);
        eg_dict *x;
        eg_error why;
        eg_error_clear(&why);
        CHECK(eg_dict_cache_decode(&x, mis + 1, len, 7, &why) == 1, "a misaligned buffer is refused");
        free(mis);
    }

    /* bit flips: the checksum refuses every one */
    size_t hdr = 216, refused = 0, n = 0, other = 0;
    for (size_t bit = 0; bit < hdr * 8; bit++) {
        img[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        int r = try_image(img, len, 7);
        img[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        n++;
        if (r == 0) refused++; else other++;
    }
    CHECK(other == 0, "every one of the %zu header bits flipped is refused (%zu)", n, refused);
    srand(7);
    n = other = 0;
    for (int k = 0; k < 20000; k++) {
        size_t bit = ((size_t)rand() * 65536u + (size_t)rand()) % (len * 8);
        img[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        int r = try_image(img, len, 7);
        img[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        n++;
        if (r != 0) other++;
    }
    CHECK(other == 0, "%zu random bits flipped anywhere: every one refused", n);

    /* the checksum defeated: each header field (a uint64 at 8-byte steps
     * after the magic) set to hostile values and the image resealed */
    const uint64_t hostile[] = { 0, 1, 7, 8, 223, 224, 0xFFFFFFFFULL, 0x100000000ULL, ~0ULL, ~0ULL - 7 };
    size_t bad = 0, tried = 0, accepted = 0;
    for (size_t off = 16; off + 8 <= hdr; off += 8) {
        uint64_t orig;
        memcpy(&orig, img + off, 8);
        for (size_t h = 0; h < sizeof hostile / sizeof hostile[0] + 2; h++) {
            uint64_t v = h < sizeof hostile / sizeof hostile[0] ? hostile[h] : h == sizeof hostile / sizeof hostile[0] ? orig + 8 : orig - 8;
            if (v == orig) continue;
            memcpy(img + off, &v, 8);
            reseal(img, len);
            int r = try_image(img, len, 7);
            tried++;
            if (r < 0) { bad++; printf("#   header offset %zu = %llu: accepted and tags differently\n", off, (unsigned long long)v); }
            if (r == 1) accepted++;
        }
        memcpy(img + off, &orig, 8);
        reseal(img, len);
    }
    CHECK(bad == 0, "%zu hostile header values behind a valid checksum: refused, or harmless (%zu)", tried, accepted);

    /* an alias chain made into a loop, and links out of range */
    uint64_t off_aliases, naliases, off_nodes, nnodes, off_ents, nents;
    memcpy(&naliases, img + 24, 8);
    memcpy(&nents, img + 16, 8);
    memcpy(&nnodes, img + 40, 8);
    memcpy(&off_ents, img + 88, 8);
    memcpy(&off_aliases, img + 96, 8);
    memcpy(&off_nodes, img + 112, 8);
    const size_t alias_size = 40, ent_size = 64, node_size = 16;
    size_t loops = 0, loop_refused = 0;
    for (uint64_t a = 0; a < naliases; a++) {
        unsigned char *rec = img + off_aliases + a * alias_size;
        uint32_t next;
        memcpy(&next, rec + 8, 4);
        uint32_t self = (uint32_t)a;
        memcpy(rec + 8, &self, 4);   /* next = itself */
        reseal(img, len);
        int r = try_image(img, len, 7);
        loops++;
        if (r == 0) loop_refused++;
        memcpy(rec + 8, &next, 4);
    }
    reseal(img, len);
    CHECK(loops > 0 && loop_refused == loops, "every alias chain made a loop is refused (%zu of %zu)", loop_refused, loops);
    const uint32_t wild[] = { 0xFFFFFFFEu, 0x7FFFFFFFu };
    bad = tried = 0;
    for (uint64_t a = 0; a < naliases; a++)
        for (int fld = 0; fld < 3; fld++)
            for (int w = 0; w < 2; w++) {
                unsigned char *rec = img + off_aliases + a * alias_size + (size_t)fld * 4;
                uint32_t o;
                memcpy(&o, rec, 4);
                memcpy(rec, &wild[w], 4);
                reseal(img, len);
                int r = try_image(img, len, 7);
                tried++;
                if (r != 0) bad++;
                memcpy(rec, &o, 4);
            }
    for (uint64_t e = 0; e < nents; e++)
        for (int fld = 0; fld < 9; fld++) {
            unsigned char *rec = img + off_ents + e * ent_size + (size_t)fld * 4;
            uint32_t o;
            memcpy(&o, rec, 4);
            memcpy(rec, &wild[0], 4);
            reseal(img, len);
            int r = try_image(img, len, 7);
            tried++;
            if (r != 0) bad++;
            memcpy(rec, &o, 4);
        }
    for (uint64_t nd = 0; nd < nnodes; nd++)
        for (int fld = 0; fld < 4; fld++) {
            unsigned char *rec = img + off_nodes + nd * node_size + (size_t)fld * 4;
            uint32_t o;
            memcpy(&o, rec, 4);
            uint32_t v = fld == 3 ? 0x7FFFFFFFu : 0xFFFFFFF0u;
            memcpy(rec, &v, 4);
            reseal(img, len);
            int r = try_image(img, len, 7);
            tried++;
            if (r < 0) bad++;
            memcpy(rec, &o, 4);
        }
    reseal(img, len);
    CHECK(bad == 0, "%zu alias, entity and trie links pointed out of range: refused", tried);
    CHECK(try_image(img, len, 7) == 1, "the restored image decodes again");
    eg_free(img);
    eg_dict_free(d);
    return t_failed ? 1 : 0;
}
