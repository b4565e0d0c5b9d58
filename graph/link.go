package graph

import (
	"github.com/litmine/litmine/internal/schema"
)

var (
	isOperation = hasLabel(schema.LabelOperation)
	isMaterial  = hasLabel(schema.LabelMaterial, schema.LabelNonrecipeMaterial)
	isUnit      = hasLabel(schema.LabelAmountUnit, schema.LabelConditionUnit, schema.LabelPropertyUnit, schema.LabelApparatusUnit)
	isApparatus = hasLabel(schema.LabelSynthesisApparatus, schema.LabelCharacterizationApparatus)
)

// linkQuantities attaches numbers to units, amounts to materials, conditions
// and apparatus to operations.
func (b *builder) linkQuantities() {
	for i, n := range b.nodes {
		switch n.label {
		case schema.LabelNumber:
			if j := b.nearest(i, isUnit, 2, preferAfter); j >= 0 {
				b.addEdge(schema.NumberOf, i, j, 0.9)
			}
		case schema.LabelAmountUnit, schema.LabelAmountMisc:
			if j := b.amountTarget(i); j >= 0 {
				b.addEdge(schema.AmountOf, i, j, 0.6)
			}
		case schema.LabelConditionUnit, schema.LabelConditionMisc:
			if j := b.nearest(i, isOperation, 30, preferBefore); j >= 0 {
				b.addEdge(schema.ConditionOf, i, j, 0.6)
			}
		case schema.LabelSynthesisApparatus, schema.LabelCharacterizationApparatus:
			if j := b.nearest(i, isOperation, 30, preferBefore); j >= 0 {
				b.addEdge(schema.ApparatusOf, i, j, 0.6)
			}
		case schema.LabelPropertyUnit, schema.LabelPropertyMisc:
			if j := b.nearest(i, isMaterial, 8, preferBefore); j >= 0 {
				b.addEdge(schema.PropertyOf, i, j, 0.4)
			}
		case schema.LabelApparatusUnit:
			if j := b.nearest(i, isApparatus, 8, preferAfter); j >= 0 {
				b.addEdge(schema.ApparatusAttrOf, i, j, 0.5)
			}
		}
	}
}

// amountTarget returns the material an amount belongs to: the material after
// "of" in "2 g of X", else the material whose parenthesis holds the amount in
// "X (2 g)", else the nearest material.
func (b *builder) amountTarget(i int) int {
	n := b.nodes[i]
	if b.tokenAt(n.Sentence, n.TokenEnd) == "of" {
		if j := b.nearest(i, isMaterial, 4, onlyAfter); j >= 0 {
			return j
		}
	}
	if j := b.nearest(i, isMaterial, 6, onlyBefore); j >= 0 && b.insideParenthesis(j, i) {
		return j
	}
	return b.nearest(i, isMaterial, 6, preferAfter)
}

// insideParenthesis reports whether an opening parenthesis follows node j and
// comes before node i, with no closing one between.
func (b *builder) insideParenthesis(j, i int) bool {
	mat, amt := b.nodes[j], b.nodes[i]
	open := false
	for k := mat.TokenEnd; k < amt.TokenStart; k++ {
		switch b.tokenAt(mat.Sentence, k) {
		case "(", "[":
			open = true
		case ")", "]":
			open = false
		}
	}
	return open
}

// linkModifiers attaches descriptors and brands to what they describe.
func (b *builder) linkModifiers() {
	for i, n := range b.nodes {
		switch n.label {
		case schema.LabelMaterialDescriptor:
			if j := b.nearest(i, isMaterial, 3, preferAfter); j >= 0 {
				b.addEdge(schema.DescriptorOf, i, j, 0.6)
			}
		case schema.LabelApparatusDescriptor:
			if j := b.nearest(i, isApparatus, 3, preferAfter); j >= 0 {
				b.addEdge(schema.DescriptorOf, i, j, 0.6)
			}
		case schema.LabelBrand:
			if j := b.nearest(i, func(m node) bool { return isMaterial(m) || isApparatus(m) }, 12, preferBefore); j >= 0 {
				b.addEdge(schema.BrandOf, i, j, 0.6)
			}
		}
	}
}

// linkMaterials gives each material of a sentence with an operation a role
// edge from the nearest operation.
func (b *builder) linkMaterials() {
	for i, n := range b.nodes {
		if !isMaterial(n) {
			continue
		}
		// "dissolved in water": after a preposition, the material belongs
		// to the operation before it; a subject ("NaCl was dissolved")
		// belongs to the one after.
		prefer := preferAfter
		if prepositions[b.tokenAt(n.Sentence, n.TokenStart-1)] {
			prefer = preferBefore
		}
		j := b.nearest(i, isOperation, 8, prefer)
		if j < 0 {
			continue
		}
		b.addEdge(b.role(j, i), j, i, 0.5)
	}
}

// role picks the argument role of material i for operation op from the
// words before the material, the material itself and the kind of operation.
func (b *builder) role(op, i int) schema.RelationType {
	m := b.nodes[i]
	prev := b.tokenAt(m.Sentence, m.TokenStart-1)
	prev2 := b.tokenAt(m.Sentence, m.TokenStart-2)
	opType := OperationType(b.nodes[op].Text)
	switch {
	case gases[m.lower] && (atmosphereWords[prev] || atmosphereWords[prev2]):
		return schema.AtmosphericMaterial
	case solvents[m.lower] && (solventPrepositions[prev] || solventPrepositions[prev2] || solventOperations[opType]):
		return schema.SolventMaterial
	case opType == TypeSynthesis && m.Start < b.nodes[op].Start:
		return schema.RecipeTarget
	case opType == TypeSupply:
		return schema.RecipePrecursor
	case precursorOperations[opType] && !intermediates[m.lower] && m.label == schema.LabelMaterial:
		return schema.RecipePrecursor
	}
	return schema.ParticipantMaterial
}

// solventPrepositions introduce a solvent: "dissolved in water", "added to
// ethanol", "washed with acetone".
var solventPrepositions = setOf("in", "into", "to", "with")

// solventOperations are the operation types whose solvent is named without a
// preposition, as in "ethanol was used to wash".
var solventOperations = map[string]bool{TypeDissolving: true, TypeWashing: true}

// precursorOperations are the operation types that take starting chemicals.
var precursorOperations = map[string]bool{TypeMixing: true, TypeDissolving: true}

// intermediates name a material made during the recipe rather than a
// starting chemical.
var intermediates = setOf("solution", "solutions", "mixture", "mixtures", "powder", "powders", "product", "products",
	"precipitate", "precipitates", "suspension", "suspensions", "sample", "samples", "gel", "slurry", "solid",
	"residue", "filtrate", "precursor", "precursors", "dispersion", "resultant", "resulting", "sol", "paste")

var prepositions = setOf("in", "into", "with", "under", "to", "from", "onto", "on", "of", "by")

var gases = setOf("air", "ar", "argon", "n2", "nitrogen", "o2", "oxygen", "h2", "hydrogen", "nh3", "ammonia",
	"he", "helium", "co2", "co", "ch4", "h2s", "5% h2/ar", "h2/ar", "ar/h2", "vacuum")

var atmosphereWords = setOf("under", "in", "flowing", "flow", "atmosphere", "of")

var solvents = setOf("water", "ethanol", "methanol", "acetone", "isopropanol", "toluene", "hexane", "dmf",
	"n,n-dimethylformamide", "ethylene glycol", "chloroform", "dichloromethane", "thf", "tetrahydrofuran",
	"di water", "h2o", "benzene", "acetonitrile", "propanol", "butanol", "cyclohexane", "dmso", "glycerol")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
