package ner

import "github.com/litmine/litmine/internal/schema"

// Curated phrase lists for the labels the text-mined lexicons do not cover.
// They were written from general synthesis-writing conventions and checked
// against the training split of the MSPT corpus (never its dev split).
// Phrases are lower case and split into tokens on spaces; matching compares
// lower-cased tokens.

// curatedApparatus holds apparatus heads. MSPT mostly labels a modifier such
// as "muffle" in "muffle furnace" as an Apparatus-Descriptor of the head, so
// the modifiers are in curatedApparatusDescriptors, not here.
var curatedApparatus = []string{
	"autoclave", "autoclaves", "oven", "microwave oven", "furnace", "flask", "round-bottom flask",
	"round bottom flask", "three-neck flask", "vessel", "reaction vessel", "bath", "ice bath", "water bath", "oil bath",
	"ultrasonic bath", "mortar", "agate mortar", "crucible", "crucibles", "alumina crucible", "platinum crucible",
	"beaker", "beakers", "vial", "vials", "glove box", "glovebox", "tube", "quartz tube", "reactor", "ball mill",
	"planetary ball mill", "planetary mill", "hot plate", "hotplate", "sonicator", "condenser", "centrifuge",
	"ampoule", "ampoules", "dish", "petri dish", "die", "graphite die", "mold", "mould", "molds", "container",
	"desiccator", "magnetic stirrer", "stirrer", "rotary evaporator", "spin coater", "syringe", "boat", "alumina boat",
	"jar", "jars", "milling jar", "pestle", "mortar and pestle",
}

var curatedApparatusDescriptors = []string{
	"teflon-lined", "teflon lined", "stainless steel", "stainless-steel", "teflon-lined stainless steel", "tubular", "tube",
	"muffle", "vacuum", "quartz", "sealed", "horizontal", "electric", "drying",
}

var curatedCharacterization = []string{
	"ir", "ftir", "ft-ir", "xrd", "x-ray diffraction", "x-ray diffractometer", "powder x-ray diffraction", "sem",
	"tem", "hrtem", "xps", "nmr", "raman", "uv-vis", "tga", "dsc", "icp", "icp-oes", "icp-ms", "eds", "edx", "bet",
	"scanning electron microscopy", "transmission electron microscopy", "diffractometer", "spectrometer",
	"x-ray photoelectron spectroscopy",
}

var curatedAmountMisc = []string{
	"analytical grade", "stoichiometric amounts", "stoichiometric amount", "stoichiometric", "purity",
}

var curatedAmountUnits = []string{
	"molar ratio", "mole ratio", "weight ratio", "mass ratio", "volume ratio", "atomic ratio", "v/v", "w/w",
}

var curatedConditionTypes = []string{"temperature", "heating rate", "flow rate", "ramp rate"}

var curatedPropertyTypes = []string{"yield", "diameter", "thickness", "color", "colour", "morphology", "particle size", "surface area"}

var curatedDescriptors = []string{
	"deionized", "de-ionized", "distilled", "double-distilled", "doubly distilled", "bidistilled", "aqueous",
	"anhydrous", "absolute", "concentrated", "diluted", "dilute", "di", "milli-q", "ultrapure", "pure", "high purity",
	"high-purity", "reagent grade", "reagent-grade", "commercial", "raw", "fresh", "freshly prepared",
	"homogeneous", "clear", "transparent", "white", "black", "yellow", "green", "blue", "red", "brown", "dark",
	"dark green", "porous", "amorphous", "crystalline", "fine", "bulk", "excess", "hot", "cold", "boiling",
	"saturated", "flowing", "dry", "wet", "as-synthesized", "as-prepared", "as-obtained", "starting",
}

// generic heads are nouns that name a material in the MSPT scheme when they
// stand alone ("the solution was stirred") and describe one when they follow
// a material ("NaOH solution").
var genericHeads = []string{
	"solution", "solutions", "mixture", "mixtures", "powder", "powders", "suspension", "suspensions", "precursor",
	"precursors", "precipitate", "precipitates", "product", "products", "sample", "samples", "dispersion", "gel",
	"slurry", "pellet", "pellets", "film", "films", "solid", "residue", "filtrate", "supernatant", "sol", "paste",
	"nanoparticles", "particles", "crystals", "chemicals", "reagents", "materials", "starting materials",
	"raw materials", "reactants", "catalyst", "catalysts", "composite", "composites", "ingots", "ingot",
}

var curatedMaterials = []string{
	"water", "ethanol", "methanol", "acetone", "isopropanol", "2-propanol",
	"air", "argon", "nitrogen", "oxygen", "hydrogen", "ammonia", "helium", "toluene", "hexane", "chloroform",
	"ethylene glycol", "glycerol", "urea", "citric acid", "nitric acid", "hydrochloric acid", "sulfuric acid",
	"acetic acid", "oxalic acid", "ammonium hydroxide", "ammonia solution", "sodium hydroxide", "potassium hydroxide",
	"graphene oxide", "go", "rgo", "teos", "ctab", "pvp", "peg", "edta", "dmf", "thf", "dmso", "p123", "f127",
	"hydrazine", "hydrazine hydrate", "polyvinylpyrrolidone", "tetraethyl orthosilicate", "carbon black", "graphite",
	"ethylenediamine", "triethylamine", "oleic acid", "oleylamine", "benzene", "acetonitrile", "dichloromethane",
}

var curatedConditions = []string{
	"room temperature", "ambient temperature", "overnight", "vacuum", "in vacuo", "vacuo", "dropwise", "drop by drop",
	"drop-wise", "drop wise", "several times", "three times", "twice", "thrice", "briefly", "rapidly",
	"quickly", "vigorously", "vigorous", "continuously", "ultrasonically", "gradually", "sequentially",
	"immediately", "reduced pressure", "atmospheric pressure", "dryness", "gently", "completely",
}

var curatedBrands = []string{
	"sigma-aldrich", "sigma aldrich", "aldrich", "sigma", "alfa aesar", "alfa", "merck", "wako", "aladdin", "fluka",
	"acros", "acros organics", "fisher", "fisher scientific", "thermo fisher", "tci", "strem",
	"kanto", "nacalai", "macklin", "panreac", "dupont", "cabot", "degussa", "evonik", "basf", "j&k", "vwr",
}

// extraOperations are general verbs of experimental sections that the
// text-mined lexicon lacks because its operation types cover only heating,
// mixing, shaping, drying and quenching.
var extraOperations = []string{
	"prepared", "prepare", "preparing", "preparation", "synthesized", "synthesised", "synthesize",
	"obtained", "obtain", "used", "purchased", "added", "adding", "addition", "washed", "washing",
	"dissolved", "dissolving", "dissolution", "filtered", "filtering", "filtration", "transferred", "transfer",
	"dispersed", "dispersing", "collected", "collect", "removed", "remove", "removal", "kept", "centrifuged",
	"centrifugation", "maintained", "placed", "placing", "sealed", "purified", "isolated", "ground",
	"performed", "conducted", "made", "provided", "held", "left", "put", "taken",
	"became", "changed", "form", "monitored", "measured", "determined", "grown",
	"formed", "formation", "adjusted", "rinsed", "rinsing", "refluxed", "refluxing", "diluted", "cleaned",
	"sonicated", "sonication", "ultrasonication", "ultrasonicated", "separated", "treated", "produced", "deposited",
	"fabricated", "evaporated", "evaporation", "impregnated", "immersed", "aged", "supplied", "soaked", "stored",
	"precipitated", "reacted", "poured", "loaded", "coated", "etched", "extracted", "dropped", "weighed",
	"pressed", "fired", "quenched", "carbonized", "pyrolyzed", "activated", "hydrolysis", "reduced", "reduction",
}

// curatedPhrases returns every curated phrase with its label.
func curatedPhrases() map[string]schema.EntityLabel {
	m := map[string]schema.EntityLabel{}
	add := func(label schema.EntityLabel, phrases []string) {
		for _, p := range phrases {
			m[p] = label
		}
	}
	add(schema.LabelMaterialDescriptor, curatedDescriptors)
	add(schema.LabelMaterial, genericHeads)
	add(schema.LabelMaterial, curatedMaterials)
	add(schema.LabelConditionMisc, curatedConditions)
	add(schema.LabelBrand, curatedBrands)
	add(schema.LabelSynthesisApparatus, curatedApparatus)
	add(schema.LabelOperation, extraOperations)
	add(schema.LabelApparatusDescriptor, curatedApparatusDescriptors)
	add(schema.LabelCharacterizationApparatus, curatedCharacterization)
	add(schema.LabelAmountMisc, curatedAmountMisc)
	add(schema.LabelAmountUnit, curatedAmountUnits)
	add(schema.LabelConditionType, curatedConditionTypes)
	add(schema.LabelPropertyType, curatedPropertyTypes)
	return m
}
