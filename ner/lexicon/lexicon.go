package lexicon

import (
	"fmt"
	"strings"
)

// Kind is the entity kind of a lexicon entry and of a Match.
type Kind uint8

// Entity kinds. The zero value is not a valid kind.
const (
	KindMaterial Kind = iota + 1
	KindOperation
	KindApparatus
)

// String returns the lower-case name of the kind, such as "material".
func (k Kind) String() string {
	switch k {
	case KindMaterial:
		return "material"
	case KindOperation:
		return "operation"
	case KindApparatus:
		return "apparatus"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Role is a set of the parts a material string played in the source
// reactions. Several roles can be set at once.
type Role uint8

// Material roles, in the order that Role.String lists them.
const (
	RolePrecursor  Role = 1 << iota // a reaction's precursor
	RoleTarget                      // a reaction's target
	RoleAtmosphere                  // a heating_atmosphere value, such as air or Ar
	RoleMedium                      // a mixing_media value, such as ethanol
)

var roleNames = []struct {
	role Role
	name string
}{
	{RolePrecursor, "precursor"},
	{RoleTarget, "target"},
	{RoleAtmosphere, "atmosphere"},
	{RoleMedium, "medium"},
}

// String returns the role names joined by commas, such as
// "precursor,medium", or "" for the empty set.
func (r Role) String() string {
	var names []string
	for _, rn := range roleNames {
		if r&rn.role != 0 {
			names = append(names, rn.name)
		}
	}
	return strings.Join(names, ",")
}

// parseRole parses the output of Role.String. The empty string is the
// empty set.
func parseRole(s string) (Role, error) {
	var r Role
	if s == "" {
		return 0, nil
	}
	for _, name := range strings.Split(s, ",") {
		found := false
		for _, rn := range roleNames {
			if rn.name == name {
				r |= rn.role
				found = true
			}
		}
		if !found {
			return 0, fmt.Errorf("unknown role %q", name)
		}
	}
	return r, nil
}

// Material is a material string of the lexicon with its occurrence counts.
// A count is the number of reactions, or of operations for the two
// condition roles, in which the string occurred in that role. A paper that
// reports several targets in one paragraph is one reaction per target, so
// its precursors count once per target.
type Material struct {
	Text            string // surface string as written, white space collapsed to single spaces
	Formula         string // material_formula most often given for Text; "" when the source gave none
	PrecursorCount  int
	TargetCount     int
	AtmosphereCount int // occurrences as a heating_atmosphere value
	MediumCount     int // occurrences as a mixing_media value
}

// Roles returns the set of roles whose count is above zero.
func (m *Material) Roles() Role {
	var r Role
	if m.PrecursorCount > 0 {
		r |= RolePrecursor
	}
	if m.TargetCount > 0 {
		r |= RoleTarget
	}
	if m.AtmosphereCount > 0 {
		r |= RoleAtmosphere
	}
	if m.MediumCount > 0 {
		r |= RoleMedium
	}
	return r
}

// Count returns the sum of the four role counts.
func (m *Material) Count() int {
	return m.PrecursorCount + m.TargetCount + m.AtmosphereCount + m.MediumCount
}

// Operation is an operation word with the operation type the source gave
// it. A word that the source tagged with several types has one Operation per
// type.
type Operation struct {
	Token   string // lower case, such as "calcined" or "ball-milled"
	Type    string // source operation type, such as "HeatingOperation" or "Mixing"
	Count   int    // operations with this token and type; 0 for a derived form
	Derived bool   // an inflection or nominalization generated from an observed form, not seen itself
}

// Apparatus is a synthesis apparatus term.
type Apparatus struct {
	Name    string // lower case, such as "agate" or "ball mill"
	Count   int    // mixing_device occurrences; 0 for a curated entry
	Curated bool   // from this package's seed list, not from the dataset
}

// Source is one dataset file that a Lexicon was built from.
type Source struct {
	File        string // base name, such as "solid-state_dataset_2019-12-03.json.gz"
	ReleaseDate string // release_date field of the file, such as "2019-12-03"
	Reactions   int    // reactions read from the file
}

// Lexicon holds the material, operation and apparatus lexicons. Build sorts
// Materials by Text, Operations by Token then Type and Apparatus by Name,
// in byte order, and Write and Load keep that order.
type Lexicon struct {
	Sources    []Source
	Materials  []Material
	Operations []Operation
	Apparatus  []Apparatus
}
