/* Unit test: the dictionary loader's fast path and the jansson path build
 * byte-identical compiled dictionaries (compared through eg_dict_save), and
 * report the same errors. */
#include "test.h"
#include "entgraph.h"
#include "internal.h"
#include <stdlib.h>
#include <unistd.h>

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)sz + 1);
    *n = fread(b, 1, (size_t)sz, f);
    fclose(f);
    return b;
}

static char *compiled(const char *name, const char *buf, size_t len, bool fast, size_t *outlen, char *errbuf)
{
    eg_dict_fast_path = fast;
    eg_dict *d = eg_dict_new();
    eg_error err;
    eg_error_clear(&err);
    errbuf[0] = 0;
    char *r = NULL;
    if (eg_dict_load_buffer(d, name, "jsonl", buf, len, &err) || eg_dict_compile(d, &err)) {
        eg_error_format(&err, errbuf, 1200);
    } else {
        char path[] = "/tmp/eg-dict-XXXXXX";
        int fd = mkstemp(path);
        if (fd >= 0) {
            close(fd);
            if (!eg_dict_save(d, path, 42, &err)) r = slurp(path, outlen);
            unlink(path);
        }
    }
    eg_dict_free(d);
    eg_dict_fast_path = true;
    return r;
}

static void same(const char *label, const char *buf)
{
    size_t a = 0, b = 0;
    char ea[1200], eb[1200];
    char *x = compiled("t.jsonl", buf, strlen(buf), true, &a, ea);
    char *y = compiled("t.jsonl", buf, strlen(buf), false, &b, eb);
    CHECK(((x && y && a == b && !memcmp(x, y, a)) || (!x && !y)) && !strcmp(ea, eb), "%s: fast path == jansson path", label);
    if (strcmp(ea, eb)) printf("#   fast: %s\n#   jansson: %s\n", ea, eb);
    free(x); free(y);
}

int main(int argc, char **argv)
{
    (void)argc; (void)argv;
    same("simple", "{\"id\":\"a\",\"name\":\"Alpha\",\"type\":\"country\"}\n");
    same("aliases and attrs", "{\"id\": \"per:x\", \"name\": \"X Y\", \"type\": \"person\", \"subtype\": \"s\", \"priority\": -3, \"case\": \"exact\", "
         "\"aliases\": [\"Why\", {\"text\": \"XY\", \"kind\": \"abbreviation\", \"case\": \"insensitive\", \"lang\": \"en\"}, {\"text\": \"X\\u00e9\"}], "
         "\"attrs\": {\"country\": \"country:USA\", \"given\": \"X\", \"family\": \"Y\", \"order\": \"family-first\", \"role\": [\"a (1)\", \"b\"], \"n\": {\"k\": [1, null, true]}}}\n"
         "{\"id\":\"country:USA\",\"name\":\"United States\",\"type\":\"country\",\"aliases\":[]}\n");
    same("duplicate key", "{\"id\":\"a\",\"name\":\"A\",\"type\":\"t\",\"name\":\"B\"}\n");
    same("duplicate attrs key", "{\"id\":\"a\",\"name\":\"A\",\"type\":\"t\",\"attrs\":{\"x\":1,\"x\":2}}\n");
    same("blank alias", "{\"id\":\"a\",\"name\":\"A\",\"type\":\"t\",\"aliases\":[\"ok\",\" \"]}\n");
    same("bad kind", "{\"id\":\"a\",\"name\":\"A\",\"type\":\"t\",\"aliases\":[{\"text\":\"B\",\"kind\":\"nick\"}]}\n");
    same("bad case", "{\"id\":\"a\",\"name\":\"A\",\"type\":\"t\",\"case\":\"upper\"}\n");
    same("priority not int", "{\"id\":\"a\",\"name\":\"A\",\"type\":\"t\",\"priority\":1.5}\n");
    same("missing type", "{\"id\":\"a\",\"name\":\"A\"}\n");
    same("duplicate id", "{\"id\":\"a\",\"name\":\"A\",\"type\":\"t\"}\n{\"id\":\"a\",\"name\":\"B\",\"type\":\"t\"}\n");
    same("trailing garbage", "{\"id\":\"a\",\"name\":\"A\",\"type\":\"t\"} x\n");
    same("escapes", "{\"id\":\"a\\\"b\",\"name\":\"A\\\\B \\ud83d\\ude00\",\"type\":\"t\",\"aliases\":[\"\\u0041\\u0301x\"]}\n");
    same("guard and pattern lines", "{\"guard\":[\"Chad\"]}\n{\"label\":\"ORG\",\"pattern\":\"Acme\"}\n{\"id\":\"c\",\"name\":\"Chad\",\"type\":\"country\"}\n");
    /* every default dictionary file */
    const char *files[] = {"dicts/countries.jsonl", "dicts/agencies.jsonl", "dicts/organizations.jsonl",
                           "dicts/people-leaders.jsonl", "dicts/people-officials.jsonl", "dicts/guard.jsonl", "dicts/blockers.jsonl"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        size_t n;
        char *b = slurp(files[i], &n);
        if (!b) { CHECK(0, "read %s", files[i]); continue; }
        b[n] = 0;
        same(files[i], b);
        free(b);
    }
    return t_failed != 0;
}
