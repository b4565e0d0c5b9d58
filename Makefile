# litmine build, demo, test and benchmark entry points.
GO ?= go
BIN := bin/litmine
DEMO_RUN := demo-run
SHARED ?= ../shared

.PHONY: build demo test test-short bench lexicons vet

build:
	$(GO) build -o $(BIN) ./cmd/litmine

# Runs the whole pipeline on the small corpus shipped in testdata/corpus.
demo: build
	./$(BIN) run testdata/corpus --out $(DEMO_RUN) --force

test:
	$(GO) vet ./...
	$(GO) test ./...

test-short:
	$(GO) test -short ./...

# Annotate throughput beside prose v2 alone, and one worker beside two.
bench:
	bash bench/annotate.sh

# Regenerates the lexicons shipped in the binary from the text-mined synthesis data.
lexicons: build
	./$(BIN) lexicon build --data $(SHARED)/data/text-mined-synthesis --out ner/lexicon/data
