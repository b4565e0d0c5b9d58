package graph

import (
	"sort"
	"strings"
)

// Operation types that OperationType assigns. They group synthesis verbs by
// what they do to the materials.
const (
	TypeSynthesis  = "Synthesis"  // synthesize, prepare, obtain, fabricate
	TypeSupply     = "Supply"     // purchase, use, supply: where a precursor came from
	TypeMixing     = "Mixing"     // mix, stir, grind, mill, add, disperse
	TypeDissolving = "Dissolving" // dissolve, dilute
	TypeHeating    = "Heating"    // heat, calcine, anneal, sinter, reflux
	TypeCooling    = "Cooling"    // cool, quench
	TypeDrying     = "Drying"     // dry, evaporate
	TypeWashing    = "Washing"    // wash, rinse, clean
	TypeSeparating = "Separating" // filter, centrifuge, collect, separate
	TypeShaping    = "Shaping"    // press, pelletize, compact, cast
	TypeCoating    = "Coating"    // coat, deposit, impregnate
	TypeTransfer   = "Transfer"   // transfer, place, put, pour
	TypeSonication = "Sonication" // sonicate, ultrasonicate
	TypeOther      = "Other"
)

// operationStems maps word beginnings to types. A word takes the type of
// the longest stem it starts with.
var operationStems = map[string]string{
	"synthes": TypeSynthesis, "prepar": TypeSynthesis, "obtain": TypeSynthesis, "fabricat": TypeSynthesis,
	"produc": TypeSynthesis, "form": TypeSynthesis, "grow": TypeSynthesis, "grown": TypeSynthesis, "made": TypeSynthesis,
	"make": TypeSynthesis, "making": TypeSynthesis, "yield": TypeSynthesis,
	"purchas": TypeSupply, "used": TypeSupply, "use": TypeSupply, "using": TypeSupply, "suppl": TypeSupply,
	"bought": TypeSupply, "procur": TypeSupply, "provid": TypeSupply, "employ": TypeSupply,
	"mix": TypeMixing, "stir": TypeMixing, "grind": TypeMixing, "ground": TypeMixing, "mill": TypeMixing,
	"ball mill": TypeMixing, "ball-mill": TypeMixing, "blend": TypeMixing, "add": TypeMixing, "disper": TypeMixing,
	"combin": TypeMixing, "homogeni": TypeMixing, "shak": TypeMixing, "agitat": TypeMixing,
	"dissol": TypeDissolving, "dilut": TypeDissolving, "suspend": TypeDissolving,
	"heat": TypeHeating, "calcin": TypeHeating, "anneal": TypeHeating, "sinter": TypeHeating, "fired": TypeHeating,
	"firing": TypeHeating, "reflux": TypeHeating, "carboni": TypeHeating, "pyroly": TypeHeating, "hydrotherm": TypeHeating,
	"solvotherm": TypeHeating, "treat": TypeHeating, "aged": TypeHeating, "aging": TypeHeating, "ageing": TypeHeating,
	"cool": TypeCooling, "quench": TypeCooling,
	"dried": TypeDrying, "dry": TypeDrying, "evaporat": TypeDrying, "lyophil": TypeDrying, "freeze-dr": TypeDrying,
	"wash": TypeWashing, "rins": TypeWashing, "clean": TypeWashing, "purif": TypeWashing,
	"filt": TypeSeparating, "centrifug": TypeSeparating, "collect": TypeSeparating, "separat": TypeSeparating,
	"decant": TypeSeparating, "isolat": TypeSeparating, "remov": TypeSeparating, "extract": TypeSeparating,
	"sieve": TypeSeparating, "sieving": TypeSeparating, "precipitat": TypeSeparating,
	"press": TypeShaping, "pellet": TypeShaping, "compact": TypeShaping, "cast": TypeShaping, "mould": TypeShaping,
	"mold": TypeShaping, "cut": TypeShaping, "polish": TypeShaping, "hot press": TypeShaping, "hot-press": TypeShaping,
	"coat": TypeCoating, "deposit": TypeCoating, "impregnat": TypeCoating, "spin": TypeCoating, "immers": TypeCoating,
	"dip": TypeCoating, "soak": TypeCoating,
	"transfer": TypeTransfer, "placed": TypeTransfer, "plac": TypeTransfer, "put": TypeTransfer, "pour": TypeTransfer,
	"load": TypeTransfer, "seal": TypeTransfer, "kept": TypeTransfer, "keep": TypeTransfer, "maintain": TypeTransfer,
	"sonicat": TypeSonication, "ultrason": TypeSonication,
}

var stemsByLength = func() []string {
	stems := make([]string, 0, len(operationStems))
	for s := range operationStems {
		stems = append(stems, s)
	}
	sort.Slice(stems, func(i, j int) bool {
		if len(stems[i]) != len(stems[j]) {
			return len(stems[i]) > len(stems[j])
		}
		return stems[i] < stems[j]
	})
	return stems
}()

// OperationType returns the type of an operation word or phrase, such as
// TypeHeating for "calcined" or "heat treatment", or TypeOther.
func OperationType(text string) string {
	w := strings.ToLower(strings.TrimSpace(text))
	for _, stem := range stemsByLength {
		if strings.HasPrefix(w, stem) {
			return operationStems[stem]
		}
	}
	return TypeOther
}
