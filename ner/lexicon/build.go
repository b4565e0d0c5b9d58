package lexicon

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
)

// ErrNoSources is returned by Build when BuildConfig.Files is empty.
var ErrNoSources = errors.New("no source files given")

// BuildConfig sets the inputs and noise thresholds of Build. A threshold of
// zero or less means its default.
type BuildConfig struct {
	// Files are the paths of the dataset files, plain or gzip-compressed
	// JSON; DefaultSources lists the two releases in a data folder.
	Files []string

	// MinFormulaCount is the minimum number of occurrences, over all roles,
	// for a material string that reads as a formula of two or more elements
	// ("Li2CO3", "La1-xSrxMnO3"). Default 1: such a string is specific
	// enough to tag even when seen once.
	MinFormulaCount int

	// MinNameCount is the minimum number of occurrences for every other
	// material string: names ("lithium carbonate"), single elements ("Co"),
	// acronyms ("PVA"). Default 2, which drops most extraction errors seen
	// once.
	MinNameCount int

	// MinOperationCount is the minimum number of occurrences, over all
	// operation types, for an operation word. Default 2.
	MinOperationCount int

	// MinApparatusCount is the minimum number of mixing_device occurrences
	// for an apparatus term. Default 5.
	MinApparatusCount int

	// Logger receives one Info line per file read. Nil means no logging.
	Logger *slog.Logger
}

func (c BuildConfig) withDefaults() BuildConfig {
	if c.MinFormulaCount <= 0 {
		c.MinFormulaCount = 1
	}
	if c.MinNameCount <= 0 {
		c.MinNameCount = 2
	}
	if c.MinOperationCount <= 0 {
		c.MinOperationCount = 2
	}
	if c.MinApparatusCount <= 0 {
		c.MinApparatusCount = 5
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return c
}

// Build reads the dataset files of cfg and returns the lexicons extracted
// from them, filtered and sorted as the Lexicon type describes. It returns
// ErrNoSources when cfg.Files is empty and an error naming the file and
// reaction index when a file cannot be read or decoded.
func Build(cfg BuildConfig) (*Lexicon, error) {
	cfg = cfg.withDefaults()
	if len(cfg.Files) == 0 {
		return nil, ErrNoSources
	}
	log := cfg.Logger.With("stage", "lexicon")

	acc := newAccumulator()
	lex := &Lexicon{}
	for _, path := range cfg.Files {
		before := acc.reactions
		date, err := readSource(path, acc.addReaction)
		if err != nil {
			return nil, fmt.Errorf("read dataset: %w", err)
		}
		n := acc.reactions - before
		lex.Sources = append(lex.Sources, Source{File: filepath.Base(path), ReleaseDate: date, Reactions: n})
		log.Info("dataset read", "file", path, "reactions", n, "release_date", date)
	}

	lex.Materials = acc.materialEntries(cfg)
	lex.Operations = acc.operationEntries(cfg)
	lex.Apparatus = acc.apparatusEntries(cfg)
	log.Info("lexicon built", "materials", len(lex.Materials), "operations", len(lex.Operations),
		"apparatus", len(lex.Apparatus))
	return lex, nil
}

// materialCounts accumulates one material string.
type materialCounts struct {
	formulas   map[string]int // material_formula → occurrences
	precursor  int
	target     int
	atmosphere int
	medium     int
}

// accumulator collects the counts of all reactions before filtering.
type accumulator struct {
	reactions  int
	materials  map[string]*materialCounts
	operations map[string]map[string]int // lower-case token → type → occurrences
	devices    map[string]int            // mixing_device value → occurrences
}

func newAccumulator() *accumulator {
	return &accumulator{
		materials:  make(map[string]*materialCounts),
		operations: make(map[string]map[string]int),
		devices:    make(map[string]int),
	}
}

func (a *accumulator) addReaction(r *reaction) {
	a.reactions++
	a.addMaterial(&r.Target, RoleTarget)
	for i := range r.Precursors {
		a.addMaterial(&r.Precursors[i], RolePrecursor)
	}
	for _, op := range r.Operations {
		a.addOperation(op)
	}
}

// addMaterial counts the material_string of m and, when it differs, the
// sol-gel material_name, each with m's formula.
func (a *accumulator) addMaterial(m *sourceMaterial, role Role) {
	formula := normalizeSpace(m.MaterialFormula)
	text := normalizeSpace(m.MaterialString)
	name := normalizeSpace(m.MaterialName)
	for i, s := range []string{text, name} {
		if s == "" || (i == 1 && s == text) {
			continue
		}
		c := a.material(s)
		c.add(role)
		if formula != "" {
			c.formulas[formula]++
		}
	}
}

func (a *accumulator) material(s string) *materialCounts {
	c := a.materials[s]
	if c == nil {
		c = &materialCounts{formulas: make(map[string]int)}
		a.materials[s] = c
	}
	return c
}

func (c *materialCounts) add(role Role) {
	switch role {
	case RolePrecursor:
		c.precursor++
	case RoleTarget:
		c.target++
	case RoleAtmosphere:
		c.atmosphere++
	case RoleMedium:
		c.medium++
	}
}

func (c *materialCounts) total() int {
	return c.precursor + c.target + c.atmosphere + c.medium
}

func (a *accumulator) addOperation(op sourceOperation) {
	token := strings.ToLower(normalizeSpace(op.Token))
	if token != "" && op.Type != "" {
		types := a.operations[token]
		if types == nil {
			types = make(map[string]int)
			a.operations[token] = types
		}
		types[op.Type]++
	}
	if op.Conditions == nil {
		return
	}
	for _, v := range op.Conditions.HeatingAtmosphere {
		if v = normalizeSpace(v); v != "" {
			a.material(v).add(RoleAtmosphere)
		}
	}
	for _, v := range op.Conditions.MixingMedia {
		if v = normalizeSpace(v); v != "" {
			a.material(v).add(RoleMedium)
		}
	}
	for _, v := range op.Conditions.MixingDevice {
		if v = normalizeSpace(v); v != "" {
			a.devices[v]++
		}
	}
}
