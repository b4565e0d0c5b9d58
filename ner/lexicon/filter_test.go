package lexicon

import "testing"

func TestIsNoise(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"Li2CO3", false},
		{"lithium carbonate", false},
		{"OH-", false},
		{"Fe(NO3)3·9H2O", false},
		{"C", true},
		{"123.5", true},
		{"%)", true},
		{"the", true},
		{"Acid", true},
		{"0 ≤ x ≤ 0.2 in LiMn2O4", true},
		{"ZnO(99", true},
		{"Sr(NO3]2", true},
		{"- BaCO3", true},
		{"ceria,", true},
		{"lithium-manganese-", true},
		{"a very long description of a material that goes on past sixty code points", true},
	}
	for _, tc := range tests {
		t.Run(tc.s, func(t *testing.T) {
			if got := isNoise(tc.s); got != tc.want {
				t.Errorf("isNoise(%q) = %v, want %v", tc.s, got, tc.want)
			}
		})
	}
}

func TestFormulaElements(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"Li2CO3", 3},
		{"CO", 2},
		{"Co", 1},
		{"La1-xSrxMnO3", 4},
		{"NaxCoO2", 3},
		{"Fe(NO3)3·9H2O", 4},
		{"lithium", 0},
		{"PVA", 0},
		{"Milli-Q water", 0},
		{"", 0},
	}
	for _, tc := range tests {
		t.Run(tc.s, func(t *testing.T) {
			if got := formulaElements(tc.s); got != tc.want {
				t.Errorf("formulaElements(%q) = %d, want %d", tc.s, got, tc.want)
			}
		})
	}
}

func TestRoleString(t *testing.T) {
	tests := []struct {
		role Role
		want string
	}{
		{0, ""},
		{RolePrecursor, "precursor"},
		{RoleTarget | RoleMedium, "target,medium"},
		{RolePrecursor | RoleTarget | RoleAtmosphere | RoleMedium, "precursor,target,atmosphere,medium"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			if got := tc.role.String(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			back, err := parseRole(tc.want)
			if err != nil || back != tc.role {
				t.Errorf("parseRole(%q) = %v, %v; want %v", tc.want, back, err, tc.role)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	tests := []struct {
		kind Kind
		want string
	}{
		{KindMaterial, "material"},
		{KindOperation, "operation"},
		{KindApparatus, "apparatus"},
		{0, "Kind(0)"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			if got := tc.kind.String(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
