package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/litmine/litmine/internal/schema"
)

// unitLabels maps unit spellings to the entity label a unit gets when it
// follows a number. Spellings are matched exactly; "degC" is the MSPT
// corpus's spelling of °C.
var unitLabels = map[string]schema.EntityLabel{}

func addUnits(label schema.EntityLabel, spellings ...string) {
	for _, s := range spellings {
		unitLabels[s] = label
	}
}

func init() {
	addUnits(schema.LabelConditionUnit,
		"°C", "℃", "degC", "oC", "K", "°F",
		"h", "hr", "hrs", "hour", "hours", "min", "mins", "minute", "minutes", "s", "sec", "secs", "second", "seconds",
		"d", "day", "days", "week", "weeks", "ms",
		"rpm", "Pa", "kPa", "MPa", "GPa", "bar", "mbar", "Torr", "mTorr", "torr", "atm", "psi",
		"W", "kW", "mW", "V", "mV", "kV", "mA", "A", "Hz", "kHz", "MHz", "GHz", "sccm", "slm",
		"°C/min", "degC/min", "K/min", "°C/h", "degC/h", "K/h", "°C/s", "K/s", "°C min−1", "mL/min", "ml/min",
		"times", "cycles",
	)
	addUnits(schema.LabelAmountUnit,
		"g", "mg", "kg", "μg", "µg", "ug", "mol", "mmol", "μmol", "µmol", "umol", "kmol",
		"M", "mM", "μM", "µM", "uM", "N",
		"L", "mL", "ml", "μL", "µL", "uL", "μl", "µl", "ul", "cm3", "dm3", "cc",
		"%", "wt%", "wt.%", "at%", "at.%", "vol%", "vol.%", "mol%", "mol.%", "v/v", "w/w", "wt", "ppm",
		"mg/mL", "mg/ml", "g/L", "g/l", "mol/L", "mol/l", "mmol/L", "g/mL", "mg/L", "M/L",
		"equiv", "eq",
	)
	addUnits(schema.LabelApparatusUnit, "cm-1", "cm−1")
	addUnits(schema.LabelPropertyUnit,
		"nm", "μm", "µm", "um", "mm", "cm", "Å", "m2/g", "m2g−1", "mAh/g", "S/cm", "eV", "meV", "keV", "MeV", "GeV", "TeV",
		"J", "kJ", "mAh",
	)
}

// isUnit reports whether s is a unit spelling the tokenizer splits from a
// preceding number.
func isUnit(s string) bool {
	_, ok := unitLabels[s]
	return ok
}

// numberPrefixLen returns the length in bytes of the number that starts s
// (an optional sign or approximation mark, digits, an optional decimal part),
// or 0 when s does not start with one.
func numberPrefixLen(s string) int {
	i := 0
	for _, mark := range []string{"~", "≈", "∼", "<", ">", "≤", "≥", "±", "+", "-", "−"} {
		if strings.HasPrefix(s, mark) {
			i = len(mark)
			break
		}
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if digits == 0 {
		return 0
	}
	if i+1 < len(s) && s[i] == '.' && s[i+1] >= '0' && s[i+1] <= '9' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	return i
}

// isNumber reports whether s as a whole is a number such as "800", "0.5",
// "~50" or "1,000", or a range of two numbers such as "70-80".
func isNumber(s string) bool {
	if a, b, ok := cutRange(s); ok {
		return isSingleNumber(a) && isSingleNumber(b)
	}
	return isSingleNumber(s)
}

// cutRange splits s at the first range dash that follows a digit.
func cutRange(s string) (string, string, bool) {
	for i := 1; i < len(s); i++ {
		if s[i-1] < '0' || s[i-1] > '9' {
			continue
		}
		for _, dash := range rangeDashes {
			if strings.HasPrefix(s[i:], dash) {
				return s[:i], s[i+len(dash):], true
			}
		}
	}
	return "", "", false
}

func isSingleNumber(s string) bool {
	n := numberPrefixLen(s)
	if n == 0 {
		return false
	}
	if n == len(s) {
		return true
	}
	// Thousands separators: "1,000" or "10,000.5".
	rest := s[n:]
	for len(rest) >= 4 && rest[0] == ',' && allDigits(rest[1:4]) {
		rest = rest[4:]
	}
	if rest == "" {
		return true
	}
	return rest[0] == '.' && len(rest) > 1 && allDigits(rest[1:])
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// rangeDashes separate the ends of a numeric range such as "700–900".
var rangeDashes = []string{"–", "—", "-", "−", "~", "∼"}

// isPunct reports whether s is a single punctuation or symbol rune.
func isPunct(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	return size == len(s) && (unicode.IsPunct(r) || unicode.IsSymbol(r))
}
