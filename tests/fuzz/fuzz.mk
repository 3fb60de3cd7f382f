# tests/fuzz/fuzz.mk - libFuzzer harnesses (included by the top Makefile).
#   make fuzz         every harness for FUZZ_SECONDS (default 300) each
#   make fuzz-smoke   every harness for 60 s (CI)
#   make fuzz-build   just build build/fuzz/fuzz_*
#   make fuzz-regress replay tests/fuzz/regressions/NAME/* (every input that
#                     once crashed a harness or broke an invariant)
#   make fuzz-replay  render a sample of the export corpus with Graphviz
# The library is compiled again with clang, libFuzzer coverage, ASan and
# UBSan into build/fuzz/obj; corpora grow in build/fuzz/corpus-NAME (seeded
# from tests/ at every run), crashes land in build/fuzz/crash-NAME-*.
FUZZ_SECONDS ?= 300
FUZZ_DIR     := build/fuzz
FUZZ_CC      ?= clang
FUZZ_NAMES   := dict reader tagger export counts
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_SAN     := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS   = -std=c11 -D_GNU_SOURCE $(WARN) -Iinclude -Isrc $(PKG_CFLAGS) -DEG_DATADIR='"$(PREFIX)/share/entgraph"' -MMD -MP $(FUZZ_SAN)
FUZZ_XML_CFLAGS = $(shell pkg-config --cflags libxml-2.0 2>/dev/null)
FUZZ_XML_LIBS   = $(shell pkg-config --libs libxml-2.0 2>/dev/null)
FUZZ_LIB_OBJ := $(LIB_SRC:src/%.c=$(FUZZ_DIR)/obj/%.o) $(FUZZ_DIR)/obj/gen/lists.o $(FUZZ_DIR)/obj/gen/country_codes.o \
                $(FUZZ_DIR)/obj/gen/build_id.o
# inputs larger than this rarely find more; the sample article is ~5 KB
FUZZ_MAX_LEN_dict   := 8192
FUZZ_MAX_LEN_reader := 4096
FUZZ_MAX_LEN_tagger := 8192
FUZZ_MAX_LEN_export := 1024
FUZZ_MAX_LEN_counts := 8192
# seeds: the repository's own inputs
FUZZ_SEEDS_dict   = tests/dicts/* tests/golden/*/*.jsonl tests/golden/*/*.tsv tests/fuzz/seeds/dict/* tests/fuzz/regressions/dict/*
FUZZ_SEEDS_reader = tests/golden/*/*.jsonl tests/golden/*/*.txt tests/fuzz/seeds/reader/* tests/fuzz/regressions/reader/*
FUZZ_SEEDS_tagger = tests/golden/*/*.txt tests/samples/*.txt tests/fuzz/seeds/tagger/* tests/fuzz/regressions/tagger/*
FUZZ_SEEDS_export = tests/fuzz/seeds/export/* tests/fuzz/regressions/export/*
FUZZ_SEEDS_counts = tests/fuzz/seeds/counts/* tests/fuzz/regressions/counts/*

.PHONY: fuzz-build fuzz-regress fuzz-replay $(FUZZ_NAMES:%=fuzz-run-%)

$(FUZZ_DIR)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/obj/gen/lists.o: $(FUZZ_DIR)/gen/lists.c
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/gen/lists.c: dicts/tools/gen-lists.sh $(foreach l,$(LISTS),$(lastword $(subst =, ,$(l))))
	@mkdir -p $(dir $@)
	$(Q)sh dicts/tools/gen-lists.sh $(LISTS) > $@.tmp && mv $@.tmp $@

$(FUZZ_DIR)/obj/gen/build_id.o: $(BUILD)/gen/build_id.c
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/obj/gen/country_codes.o: $(FUZZ_DIR)/gen/country_codes.c
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/gen/country_codes.c: dicts/tools/gen-country-codes.sh dicts/countries.jsonl
	@mkdir -p $(dir $@)
	$(Q)sh dicts/tools/gen-country-codes.sh dicts/countries.jsonl > $@.tmp && mv $@.tmp $@

$(FUZZ_BINS): $(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_LIB_OBJ)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZLD  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_XML_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_OBJ) $(PKG_LIBS) $(TEST_LIBS) $(FUZZ_XML_LIBS) -lm

-include $(FUZZ_LIB_OBJ:.o=.d) $(FUZZ_BINS:=.d)

fuzz-build: $(FUZZ_BINS)

# One harness: seed, run, summarise ("fuzz_NAME: N runs in S s, ...").
$(FUZZ_NAMES:%=fuzz-run-%): fuzz-run-%: $(FUZZ_DIR)/fuzz_%
	$(Q)mkdir -p $(FUZZ_DIR)/corpus-$*
	$(Q)for f in $(FUZZ_SEEDS_$*); do [ -f "$$f" ] && cp "$$f" "$(FUZZ_DIR)/corpus-$*/seed-$$(echo "$$f" | tr / _)"; done; true
	$(Q)echo "  FUZZ    fuzz_$* for $(FUZZ_SECONDS) s (log: $(FUZZ_DIR)/$*.log)"
	$(Q)ASAN_OPTIONS=detect_leaks=1 $(FUZZ_DIR)/fuzz_$* -max_total_time=$(FUZZ_SECONDS) -timeout=20 \
	  -max_len=$(FUZZ_MAX_LEN_$*) -rss_limit_mb=2048 -print_final_stats=1 \
	  -artifact_prefix=$(FUZZ_DIR)/crash-$*- $(FUZZ_DIR)/corpus-$* >$(FUZZ_DIR)/$*.log 2>&1; \
	rc=$$?; \
	runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(FUZZ_DIR)/$*.log); \
	secs=$$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' $(FUZZ_DIR)/$*.log); \
	echo "  fuzz_$*: $${runs:-?} runs in $${secs:-?} s, corpus $$(ls $(FUZZ_DIR)/corpus-$* | wc -l) files, exit $$rc"; \
	if [ $$rc -ne 0 ]; then grep -E 'ERROR|invariant|runtime error|Test unit written' $(FUZZ_DIR)/$*.log | head -5; exit 1; fi

# Each regression input once more (libFuzzer runs the files given and stops).
fuzz-regress: $(FUZZ_BINS)
	$(Q)bad=0; for h in $(FUZZ_NAMES); do \
	  files=$$(ls tests/fuzz/regressions/$$h/* 2>/dev/null) || continue; \
	  if $(FUZZ_DIR)/fuzz_$$h $$files >$(FUZZ_DIR)/regress-$$h.log 2>&1; then \
	    echo "  fuzz-regress: fuzz_$$h: $$(echo $$files | wc -w) inputs ok"; \
	  else bad=1; echo "  fuzz-regress: fuzz_$$h FAILED (log: $(FUZZ_DIR)/regress-$$h.log):"; \
	    grep -E 'SUMMARY|invariant|Running:' $(FUZZ_DIR)/regress-$$h.log | tail -3; fi; \
	done; [ $$bad -eq 0 ]

# Graphviz and xmllint read what the export harness wrote for the hand-made
# seeds and the 20 largest corpus entries (the most hostile names): dot
# renders the DOT, xmllint parses that rendering, the GraphML, the GEXF and
# entgraph's own SVG.
fuzz-replay: $(FUZZ_DIR)/fuzz_export
	$(Q)rm -rf $(FUZZ_DIR)/replay && mkdir -p $(FUZZ_DIR)/replay
	$(Q)files="$$(ls tests/fuzz/seeds/export/*) $$(ls -S $(FUZZ_DIR)/corpus-export/* 2>/dev/null | head -20)"; \
	EG_FUZZ_DUMP=$(FUZZ_DIR)/replay $(FUZZ_DIR)/fuzz_export $$files >$(FUZZ_DIR)/replay.log 2>&1 || { tail -20 $(FUZZ_DIR)/replay.log; exit 1; }; \
	n=0; bad=0; \
	for f in $(FUZZ_DIR)/replay/*.dot; do \
	  n=$$((n+1)); \
	  if ! dot -Tsvg "$$f" -o "$$f.svg" 2>"$${f%.dot}.err" || grep -qiE 'error|syntax' "$${f%.dot}.err" \
	     || ! xmllint --noout "$$f.svg" || ! xmllint --noout "$${f%.dot}.graphml" \
	     || ! xmllint --noout "$${f%.dot}.gexf" || ! xmllint --noout "$${f%.dot}.svg"; then \
	    echo "  fuzz-replay: $$f not rendered:"; head -3 "$${f%.dot}.err"; bad=$$((bad+1)); fi; \
	done; \
	echo "  fuzz-replay: $$n graphs rendered by dot, GraphML/GEXF/SVG parsed by xmllint, $$bad failed"; [ $$bad -eq 0 ]

fuzz:
	$(Q)$(MAKE) --no-print-directory deps
	$(Q)$(INSTALL_MISSING) libxml2-dev
	$(Q)$(MAKE) --no-print-directory fuzz-build
	$(Q)rc=0; \
	$(MAKE) --no-print-directory fuzz-regress || rc=1; \
	$(MAKE) --no-print-directory -k $(FUZZ_NAMES:%=fuzz-run-%) FUZZ_SECONDS=$(FUZZ_SECONDS) || rc=1; \
	$(MAKE) --no-print-directory fuzz-replay || rc=1; \
	[ $$rc -eq 0 ] || { echo "make fuzz: FAILED (see above)"; exit 1; }

fuzz-smoke:
	$(Q)$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=60
