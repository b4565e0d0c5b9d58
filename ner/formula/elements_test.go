package formula

import "testing"

func TestPeriodicTable(t *testing.T) {
	if got := len(periodicTable); got != 118 {
		t.Fatalf("len(periodicTable) = %d, want 118", got)
	}
	seen := map[string]bool{}
	for i, e := range periodicTable {
		if e.Number != i+1 {
			t.Errorf("periodicTable[%d].Number = %d, want %d", i, e.Number, i+1)
		}
		if seen[e.Symbol] {
			t.Errorf("symbol %q listed twice", e.Symbol)
		}
		seen[e.Symbol] = true
		if n := len(e.Symbol); n < 1 || n > 2 || !isUpper(e.Symbol[0]) || n == 2 && !isLower(e.Symbol[1]) {
			t.Errorf("symbol %q of element %d is not a capital letter and an optional small letter", e.Symbol, e.Number)
		}
	}
}

func TestLookupElement(t *testing.T) {
	tests := []struct {
		symbol string
		number int
		name   string
		ok     bool
	}{
		{"H", 1, "Hydrogen", true},
		{"Fe", 26, "Iron", true},
		{"Cs", 55, "Caesium", true},
		{"Og", 118, "Oganesson", true},
		{"CO", 0, "", false},
		{"fe", 0, "", false},
		{"", 0, "", false},
		{"Xx", 0, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.symbol, func(t *testing.T) {
			e, ok := LookupElement(tt.symbol)
			if ok != tt.ok {
				t.Fatalf("LookupElement(%q) ok = %v, want %v", tt.symbol, ok, tt.ok)
			}
			if e.Number != tt.number {
				t.Errorf("LookupElement(%q).Number = %d, want %d", tt.symbol, e.Number, tt.number)
			}
			if e.Name != tt.name {
				t.Errorf("LookupElement(%q).Name = %q, want %q", tt.symbol, e.Name, tt.name)
			}
		})
	}
}

func TestElementByNumber(t *testing.T) {
	tests := []struct {
		number int
		symbol string
		ok     bool
	}{
		{1, "H", true},
		{79, "Au", true},
		{118, "Og", true},
		{0, "", false},
		{119, "", false},
		{-1, "", false},
	}
	for _, tt := range tests {
		e, ok := ElementByNumber(tt.number)
		if ok != tt.ok {
			t.Errorf("ElementByNumber(%d) ok = %v, want %v", tt.number, ok, tt.ok)
		}
		if e.Symbol != tt.symbol {
			t.Errorf("ElementByNumber(%d).Symbol = %q, want %q", tt.number, e.Symbol, tt.symbol)
		}
	}
}
