package schema

import "fmt"

// EntityLabel is an entity type of the materials-synthesis annotation scheme
// (the brat labels of the MSPT corpus). Tables store its String form.
type EntityLabel uint8

// Entity labels. The zero value is LabelNone, which no stored entity carries.
const (
	LabelNone EntityLabel = iota
	LabelMaterial
	LabelNonrecipeMaterial
	LabelNumber
	LabelAmountUnit
	LabelConditionUnit
	LabelPropertyUnit
	LabelApparatusUnit
	LabelOperation
	LabelSynthesisApparatus
	LabelCharacterizationApparatus
	LabelMaterialDescriptor
	LabelApparatusDescriptor
	LabelConditionMisc
	LabelPropertyMisc
	LabelAmountMisc
	LabelConditionType
	LabelPropertyType
	LabelApparatusPropertyType
	LabelBrand
	LabelMeta
	LabelReference
	labelCount
)

var entityLabelNames = [labelCount]string{
	"", "Material", "Nonrecipe-Material", "Number", "Amount-Unit", "Condition-Unit", "Property-Unit",
	"Apparatus-Unit", "Operation", "Synthesis-Apparatus", "Characterization-Apparatus",
	"Material-Descriptor", "Apparatus-Descriptor", "Condition-Misc", "Property-Misc", "Amount-Misc",
	"Condition-Type", "Property-Type", "Apparatus-Property-Type", "Brand", "Meta", "Reference",
}

// EntityLabels lists every label except LabelNone, in declaration order.
func EntityLabels() []EntityLabel {
	out := make([]EntityLabel, 0, labelCount-1)
	for l := LabelNone + 1; l < labelCount; l++ {
		out = append(out, l)
	}
	return out
}

// String returns the brat spelling of the label, such as "Amount-Unit".
func (l EntityLabel) String() string {
	if l >= labelCount {
		return fmt.Sprintf("EntityLabel(%d)", uint8(l))
	}
	return entityLabelNames[l]
}

// MarshalText implements encoding.TextMarshaler.
func (l EntityLabel) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (l *EntityLabel) UnmarshalText(b []byte) error {
	v, err := ParseEntityLabel(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// ParseEntityLabel returns the label spelled s, or an error for an unknown name.
func ParseEntityLabel(s string) (EntityLabel, error) {
	for i := LabelNone + 1; i < labelCount; i++ {
		if entityLabelNames[i] == s {
			return i, nil
		}
	}
	return LabelNone, fmt.Errorf("unknown entity label %q", s)
}

// IsMaterial reports whether the label names a substance.
func (l EntityLabel) IsMaterial() bool { return l == LabelMaterial || l == LabelNonrecipeMaterial }

// RelationType is a typed link of a synthesis graph: a brat relation of the
// MSPT scheme or an operation's argument role (brat event roles).
type RelationType uint8

// Relation types. The zero value is RelationNone, which no stored edge carries.
const (
	RelationNone RelationType = iota
	NextOperation
	ParticipantMaterial
	RecipePrecursor
	RecipeTarget
	SolventMaterial
	AtmosphericMaterial
	NumberOf
	AmountOf
	ConditionOf
	ApparatusOf
	DescriptorOf
	PropertyOf
	BrandOf
	CorefOf
	TypeOf
	ApparatusAttrOf
	relationCount
)

var relationNames = [relationCount]string{
	"", "Next_Operation", "Participant_Material", "Recipe_Precursor", "Recipe_Target",
	"Solvent_Material", "Atmospheric_Material", "Number_Of", "Amount_Of", "Condition_Of",
	"Apparatus_Of", "Descriptor_Of", "Property_Of", "Brand_Of", "Coref_Of", "Type_Of",
	"Apparatus_Attr_Of",
}

// RelationTypes lists every type except RelationNone, in declaration order.
func RelationTypes() []RelationType {
	out := make([]RelationType, 0, relationCount-1)
	for r := RelationNone + 1; r < relationCount; r++ {
		out = append(out, r)
	}
	return out
}

// String returns the brat spelling of the type, such as "Next_Operation".
func (r RelationType) String() string {
	if r >= relationCount {
		return fmt.Sprintf("RelationType(%d)", uint8(r))
	}
	return relationNames[r]
}

// MarshalText implements encoding.TextMarshaler.
func (r RelationType) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (r *RelationType) UnmarshalText(b []byte) error {
	v, err := ParseRelationType(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// ParseRelationType returns the type spelled s, or an error for an unknown name.
func ParseRelationType(s string) (RelationType, error) {
	for i := RelationNone + 1; i < relationCount; i++ {
		if relationNames[i] == s {
			return i, nil
		}
	}
	return RelationNone, fmt.Errorf("unknown relation type %q", s)
}
