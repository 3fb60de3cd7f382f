# entgraph - hand-written Makefile.  `make` builds build/entgraph and
# build/libentgraph.a; `make deps` installs what is missing (Debian);
# `make run` is the main job on the bundled sample; `make test` the suite.
# Quiet unless V=1.

PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR    ?= $(PREFIX)/share/entgraph
MANDIR     ?= $(PREFIX)/share/man
CC         ?= cc
CXX        ?= c++
# The library's packages.  jansson has one role: the oracle of the tests
# and fuzzers (every JSON the library reads is checked against it); the
# library itself does not link it.
PKGS       := igraph libutf8proc
TEST_PKGS  := jansson
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(TEST_PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_LIBS  := $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)
# libentgraph.so.$(SOVERSION): the soname changes with any incompatible API change
SOVERSION  := 0
LIBVERSION := 0.1.0

WARN    := -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wshadow
# CPPFLAGS, CFLAGS and LDFLAGS are the user's (GNU conventions): they come
# after ours, so they win.
CFLAGS  ?= -O2 -g
ALL_CPPFLAGS = -D_GNU_SOURCE -Iinclude -Isrc $(PKG_CFLAGS) -DEG_DATADIR='"$(DATADIR)"' $(CPPFLAGS)
ALL_CFLAGS   = -std=c11 -pthread $(WARN) $(ALL_CPPFLAGS) $(CFLAGS) -MMD -MP
# The library's objects: position-independent (the shared library is made
# from the same objects) with only the EG_API functions visible.
LIB_CFLAGS   = -fPIC -fvisibility=hidden
LIBS    = $(PKG_LIBS) -lm -pthread

BUILD   ?= build
LIB_SRC := $(filter-out src/main.c src/cli_%.c src/cmd_%.c,$(wildcard src/*.c))
CLI_SRC := src/main.c $(wildcard src/cli_*.c) $(wildcard src/cmd_*.c)
# Word lists (dicts/lists/*.txt) compiled in as C tables, generated per build.
LISTS   := eg_person_titles=dicts/lists/titles.txt eg_sentence_abbreviations=dicts/lists/abbreviations.txt \
           eg_sentence_openers=dicts/lists/sentence-openers.txt \
           eg_given_names=dicts/lists/given-names.txt eg_places=dicts/lists/places.txt \
           eg_common_words=dicts/lists/common-words.txt eg_suggest_titles=dicts/lists/suggest-titles.txt \
           eg_org_heads=dicts/lists/org-heads.txt eg_agency_heads=dicts/lists/agency-heads.txt \
           eg_place_heads=dicts/lists/place-heads.txt eg_speech_verbs=dicts/lists/speech-verbs.txt \
           eg_name_particles=dicts/lists/name-particles.txt eg_calendar_words=dicts/lists/calendar-words.txt \
           eg_state_abbreviations=dicts/lists/state-abbreviations.txt eg_place_prefixes=dicts/lists/place-prefixes.txt \
           eg_thing_heads=dicts/lists/thing-heads.txt eg_role_words=dicts/lists/role-words.txt
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/lists.o $(BUILD)/obj/gen/country_codes.o \
           $(BUILD)/obj/gen/build_id.o
# What a compiled dictionary depends on besides its sources: the library's
# code and the word lists.  Their checksum is part of the cache key
# (dict_sources.c), so a cache made by another build is never used.
BUILD_ID_INPUTS = $(sort $(LIB_SRC) $(wildcard src/*.h) include/entgraph.h $(foreach l,$(LISTS),$(lastword $(subst =, ,$(l)))))
CLI_OBJ := $(CLI_SRC:src/%.c=$(BUILD)/obj/%.o)
UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
SO_NAME := libentgraph.so.$(SOVERSION)
SO_FILE := libentgraph.so.$(LIBVERSION)

ifeq ($(V),1)
Q :=
else
Q := @
endif

# Debian packages: build, tests (Graphviz, xmllint, networkx and
# python-igraph, node for graphology, chromium for the browser checks, clang
# for the sanitizer and fuzz builds, g++ for the C++ example, groff for the
# man page check).  `make deps` also installs the npm clients into build/npm.
DEPS_BUILD := gcc make pkg-config libigraph-dev libjansson-dev libutf8proc-dev
DEPS_TEST  := bzip2 parallel graphviz libxml2-utils python3 python3-networkx python3-igraph clang libclang-rt-14-dev valgrind groff-base g++ \
              chromium
# node and npm may come from elsewhere (the machine image has them): by command
DEPS_NODE  := nodejs npm

.PHONY: tsan eval bench fuzz fuzz-smoke all deps deps-build run test test-asan-build unit golden valgrind install \
        clean golden-update dicts check-pkgs

all: $(BUILD)/entgraph $(BUILD)/libentgraph.a $(BUILD)/$(SO_FILE) $(BUILD)/entgraph.pc

# A missing development package is one clear error, not a page of compiler ones.
check-pkgs:
	@pkg-config --exists $(PKGS) $(TEST_PKGS) 2>/dev/null || { \
	  echo "entgraph: missing development packages: $$(for p in $(PKGS) $(TEST_PKGS); do pkg-config --exists $$p 2>/dev/null || printf '%s ' $$p; done)" >&2; \
	  echo "entgraph: run 'make deps' (Debian: libigraph-dev libutf8proc-dev libjansson-dev)" >&2; exit 1; }

$(BUILD)/obj/%.o: src/%.c | check-pkgs
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) $(if $(filter $(LIB_OBJ),$@),$(LIB_CFLAGS)) -c -o $@ $<

# The data directory is compiled into cli_dicts.o: rebuild it when it changes.
$(BUILD)/prefix.stamp: FORCE
	@mkdir -p $(BUILD)
	@[ "$$(cat $@ 2>/dev/null)" = "$(DATADIR)" ] || echo "$(DATADIR)" > $@
$(BUILD)/obj/cli_dicts.o: $(BUILD)/prefix.stamp
FORCE:

$(BUILD)/gen/lists.c: dicts/tools/gen-lists.sh $(foreach l,$(LISTS),$(lastword $(subst =, ,$(l))))
	@mkdir -p $(dir $@)
	$(Q)sh dicts/tools/gen-lists.sh $(LISTS) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/lists.o: $(BUILD)/gen/lists.c | check-pkgs
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) $(LIB_CFLAGS) -c -o $@ $<

$(BUILD)/gen/build_id.c: $(BUILD_ID_INPUTS)
	@mkdir -p $(dir $@)
	$(Q)printf 'const char eg_build_id[] = "%s";\n' "$$(cat $(BUILD_ID_INPUTS) | sha256sum | cut -c1-32)" > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/build_id.o: $(BUILD)/gen/build_id.c | check-pkgs
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) $(LIB_CFLAGS) -c -o $@ $<

# The country codes of dicts/countries.jsonl (for the importers), likewise.
$(BUILD)/gen/country_codes.c: dicts/tools/gen-country-codes.sh dicts/countries.jsonl
	@mkdir -p $(dir $@)
	$(Q)sh dicts/tools/gen-country-codes.sh dicts/countries.jsonl > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/country_codes.o: $(BUILD)/gen/country_codes.c | check-pkgs
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) $(LIB_CFLAGS) -c -o $@ $<

$(BUILD)/libentgraph.a: $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/$(SO_FILE): $(LIB_OBJ)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) -shared -Wl,-soname,$(SO_NAME) -Wl,--no-undefined $(CFLAGS) $(LDFLAGS) -o $@ $(LIB_OBJ) $(LIBS)
	$(Q)ln -sf $(SO_FILE) $(BUILD)/$(SO_NAME) && ln -sf $(SO_NAME) $(BUILD)/libentgraph.so

$(BUILD)/entgraph.pc: src/entgraph.pc.in $(BUILD)/prefix.stamp
	@mkdir -p $(dir $@)
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|; s|@VERSION@|$(LIBVERSION)|; s|@REQUIRES@|$(PKGS)|' $< > $@

$(BUILD)/entgraph: $(CLI_OBJ) $(BUILD)/libentgraph.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libentgraph.a $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libentgraph.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libentgraph.a $(LIBS) $(TEST_LIBS)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:=.d)

# Install missing Debian packages (as root, or through sudo).
# One dpkg-query call for all the packages, so `make deps` is a fast no-op
# when everything is there.
INSTALL_MISSING = sh -c 'have=" $$(dpkg-query -W -f="\$${db:Status-Status}:\$${Package} " "$$@" 2>/dev/null) "; missing=""; \
	for p in "$$@"; do case "$$have" in *" installed:$$p "*) ;; *) missing="$$missing $$p" ;; esac; done; \
	[ -z "$$missing" ] && exit 0; \
	echo "make deps: installing$$missing"; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null \
	  || { echo "make deps: apt-get failed for:$$missing" >&2; exit 3; }' _

deps-build:
	@$(INSTALL_MISSING) $(DEPS_BUILD)

deps:
	@$(INSTALL_MISSING) $(DEPS_BUILD) $(DEPS_TEST) $$(command -v npm >/dev/null && command -v node >/dev/null || echo $(DEPS_NODE))
	@sh tests/tools/npm-deps.sh $(BUILD)/npm

# Parts of the suite (make test runs them all, for both builds).
unit: all $(UNIT_BIN)
	$(Q)bash tests/run.sh --unit-only
golden: all
	$(Q)bash tests/run.sh --golden-only

# The main job: the bundled sample articles with the default dictionaries.
SAMPLES := tests/samples
run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)mkdir -p out
	$(Q)$(BUILD)/entgraph graph --mentions out/mentions.jsonl --evidence out/evidence.jsonl -o out/graph.graphml -o out/graph.dot \
	  -o out/graph.gexf -o out/report.html $(SAMPLES)
	$(Q)if command -v sfdp >/dev/null; then \
	  sfdp -Tsvg out/graph.dot -o out/graph.svg.tmp && mv out/graph.svg.tmp out/graph.svg && echo "entgraph: out/graph.svg rendered with sfdp"; \
	else echo "entgraph: Graphviz not installed; out/graph.svg not rendered"; fi
	$(Q)ls -l out/graph.graphml out/graph.dot out/graph.gexf out/report.html out/mentions.jsonl out/evidence.jsonl $$(ls out/graph.svg 2>/dev/null)

test: deps
	$(Q)$(MAKE) --no-print-directory all $(UNIT_BIN) $(BUILD)/tools/igraph_read
	$(Q)$(MAKE) --no-print-directory -s test-asan-build
	$(Q)bash tests/run.sh

# The same suite against an AddressSanitizer + UBSan build.
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
test-asan-build:
	$(Q)$(MAKE) --no-print-directory BUILD=build/asan CC=clang CFLAGS="$(ASAN_FLAGS)" \
	  LDFLAGS="$(ASAN_FLAGS)" build/asan/entgraph build/asan/libentgraph.a \
	  $(UNIT_SRC:tests/unit/%.c=build/asan/tests/%)

golden-update: all
	$(Q)bash tests/run.sh --update

valgrind: all $(UNIT_BIN)
	$(Q)EG_VALGRIND=1 bash tests/run.sh --golden-only

# The program, its dictionaries and man page, and what an embedder needs:
# the header, the static and shared libraries, and entgraph.pc.
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/dicts $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR)/pkgconfig
	install -m 755 $(BUILD)/entgraph $(DESTDIR)$(BINDIR)/entgraph
	install -m 644 dicts/*.jsonl $(DESTDIR)$(DATADIR)/dicts/
	install -m 644 src/entgraph.1 $(DESTDIR)$(MANDIR)/man1/entgraph.1
	install -m 644 include/entgraph.h $(DESTDIR)$(INCLUDEDIR)/entgraph.h
	install -m 644 $(BUILD)/libentgraph.a $(DESTDIR)$(LIBDIR)/libentgraph.a
	install -m 755 $(BUILD)/$(SO_FILE) $(DESTDIR)$(LIBDIR)/$(SO_FILE)
	ln -sf $(SO_FILE) $(DESTDIR)$(LIBDIR)/$(SO_NAME)
	ln -sf $(SO_NAME) $(DESTDIR)$(LIBDIR)/libentgraph.so
	install -m 644 $(BUILD)/entgraph.pc $(DESTDIR)$(LIBDIR)/pkgconfig/entgraph.pc

clean:
	rm -rf build

$(BUILD)/tools/igraph_read: tests/tools/igraph_read.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBS)

# Areas with their own rules: tests/eval (make eval), tests/bench (make bench),
# tests/fuzz (make fuzz, make fuzz-smoke).
-include $(wildcard tests/*/*.mk)

# Regenerate dicts/countries.jsonl from package data (npm world-countries,
# Debian iso-codes) and the hand-kept overlay.  See dicts/README.md.
dicts:
	@$(INSTALL_MISSING) iso-codes
	$(Q)mkdir -p $(BUILD)/npm-dicts && [ -d $(BUILD)/npm-dicts/node_modules/world-countries ] || \
	  npm install --prefix $(BUILD)/npm-dicts --no-audit --no-fund --silent world-countries@5
	$(Q)node dicts/tools/gen-countries.mjs $(BUILD)/npm-dicts/node_modules/world-countries \
	  /usr/share/iso-codes/json dicts/tools/countries-overlay.json > $(BUILD)/countries.jsonl.tmp
	$(Q)mv $(BUILD)/countries.jsonl.tmp dicts/countries.jsonl
	@echo "dicts/countries.jsonl regenerated"

# ThreadSanitizer over two independent pipelines in two threads (the
# library is reentrant) and the parallel document loop (tagging threads,
# the pipelined reader and writer).  Run by .ci/run.
TSAN_FLAGS := -O1 -g -fsanitize=thread
tsan: deps
	$(Q)$(MAKE) --no-print-directory BUILD=build/tsan CC=clang CFLAGS="$(TSAN_FLAGS)" LDFLAGS="$(TSAN_FLAGS)" build/tsan/entgraph build/tsan/tests/test_threads
	$(Q)TSAN_OPTIONS=halt_on_error=1:exitcode=66 build/tsan/tests/test_threads
	@echo "tsan: two complete pipelines in two threads, each as alone, no data race"
	$(Q)python3 -c "import json; t = open('tests/samples/nhk-2023-08-08-china-hacked-japan.txt').read(); \
	  print('\n'.join(json.dumps({'id': 'd%d' % i, 'text': t[(i * 37) % len(t):] + ' ' + t[:(i * 53) % len(t)]}) for i in range(3000)))" > build/tsan/many.jsonl
	$(Q)TSAN_OPTIONS=halt_on_error=1:exitcode=66 build/tsan/entgraph graph -q -j 3 --mentions build/tsan/m.jsonl -o build/tsan/g.graphml build/tsan/many.jsonl
	$(Q)TSAN_OPTIONS=halt_on_error=1:exitcode=66 build/tsan/entgraph tag -q -j 3 --format tsv -o build/tsan/t.tsv build/tsan/many.jsonl
	@echo "tsan: graph and tag with 3 threads over 3000 documents, no data race"
