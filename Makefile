# litmine build, demo, test and benchmark entry points.
GO ?= go
BIN := bin/litmine
DEMO_RUN := demo-run
SHARED ?= ../shared

.PHONY: build demo test test-short bench lexicons tagger-model vet

build:
	$(GO) build -o $(BIN) ./cmd/litmine

# Runs the whole pipeline on the small corpus shipped in testdata/corpus.
demo: build
	./$(BIN) run testdata/corpus --out $(DEMO_RUN) --force

test:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "not formatted with gofmt:" $$unformatted; exit 1; fi
	$(GO) vet ./...
	$(GO) test ./...

test-short:
	$(GO) test -short ./...

# Annotate throughput beside prose v2 alone, and one worker beside two;
# then annotate with the neural tagger beside the rules alone.
bench:
	bash bench/annotate.sh
	bash bench/tagger.sh

# Regenerates the lexicons shipped in the binary from the text-mined synthesis data.
lexicons: build
	./$(BIN) lexicon build --data $(SHARED)/data/text-mined-synthesis --out ner/lexicon/data

# Re-creates the tagger model shipped in the binary from the shared data:
# a run over the paper text, word embeddings on its sentences (one worker,
# so that they come out the same every time), then five BiLSTM-CRF
# members on the MSPT training split. About 20 minutes on 2 cores.
MODEL_WORK ?= model-work
tagger-model: build
	rm -rf $(MODEL_WORK)
	./$(BIN) --no-progress run --rules-only --out $(MODEL_WORK)/run $(SHARED)/data/mspt/brat \
		$(SHARED)/data/pcmsp/original $(SHARED)/data/sofc-exp/texts $(SHARED)/data/elife-jats $(SHARED)/data/unarxive-sample
	./$(BIN) --no-progress train embeddings $(MODEL_WORK)/run --epochs 10 --workers 1 --out $(MODEL_WORK)/embeddings
	./$(BIN) --no-progress train ner --gold $(SHARED)/data/mspt/brat --split $(SHARED)/data/mspt/splits/train.txt \
		--dev $(SHARED)/data/mspt/splits/dev.txt --embeddings $(MODEL_WORK)/embeddings/model.bin --members 5 \
		--checkpoint-dir $(MODEL_WORK)/checkpoints --out ner/tagger/data/model.lmf
