// Package formula parses chemical formulas as materials-science papers
// write them and recognizes formula tokens for entity tagging.
//
// Parse turns a formula into element amounts per formula unit, merged and
// sorted in Hill order, with a normalized formula string:
//
//	c, err := formula.Parse("Li(Ni0.5Mn0.3Co0.2)O2", formula.Options{})
//	// c.Formula == "Co0.2LiMn0.3Ni0.5O2"
//
// Recognize decides whether a single token, such as "LiCoO2", "NaCl" or
// "SPIN", is a formula, and rejects words and abbreviations that happen to
// spell element symbols. LookupElement and ElementByNumber give the
// periodic table.
//
// # Grammar
//
// White space around the whole input is ignored. In the sketch below,
// quoted text is literal, [ ] is optional and { } repeats:
//
//	input      = [phase "-"] ion [":" ion {"," ion}]      dopants after ":"
//	ion        = composite [charge] [state]               Na+(aq)
//	composite  = part {"/" part}                          LiFePO4/C
//	part       = component {separator component}          CoCl2·6H2O
//	component  = [term] unit {unit}                       6H2O, (1-x)BiFeO3
//	unit       = (symbol [oxidation] | bracket) [amount]  Fe2, (NH4)2, Fe(III)
//	bracket    = "(" unit {unit} ")" | "[" ... "]" | "{" ... "}"
//	amount     = term {("+" | "-" | "±") term}            1+x, 3-δ
//	term       = factor {factor | "/" number}             2x, 2(1+x), 3z/2
//	factor     = number | variable | "(" ["+" | "-"] amount ")"
//
// A symbol is two letters when they form an element symbol, else one
// capital letter, so "Co" is cobalt and "Cx" is carbon with amount x. A
// variable is one lowercase Latin or Greek letter, and two variables may not
// stand side by side: write x·y as x(y). A parenthesis with no capital letter
// inside is an amount, not a group. Numbers are decimal digits with an
// optional fraction. The minus may be "-", U+2212 or U+2013, and spaces may
// surround an operator ("Zn1 - xAlxO"). The separators are ·, •, ⋅, ∙, *
// and ".". A "." counts as a separator after a letter or bracket, or before
// digits and a final H2O when the integer part is not 0 or 1 ("CuSO4.5H2O",
// but "Ba0.5H2O" and "Sr1.5H2O" keep their decimals). A "/" followed by a
// digit divides ("Na2/3CoO2"), any other "/" separates the parts of a
// composite.
//
// A phase is one lowercase Latin or Greek letter ("β-NaFeO2", "h-BN") or a
// polytype ("2H-MoS2"). A state is a final "(s)", "(l)", "(g)" or "(aq)"
// that no variable or parenthesized amount precedes. A charge is "^" with a
// signed number ("SO4^2-"), superscripts ("Fe³⁺"), or a final sign ("Cl-",
// "NH4+"). Digits before a final sign are the charge only after a single
// element symbol, so "Fe3+" is iron with charge 3.
//
// Without a value in Options.Vars, δ and ε count as 0 and "±" must be
// followed by a term that is 0. Other variables stay unresolved: their
// amounts are NaN and Amount.Expr holds the polynomial, such as "1-x".
// Amounts that resolve to 0 are left out, and a negative amount is an
// error. Inputs are limited to MaxInputBytes bytes and MaxDepth levels of
// brackets.
//
// # Not handled
//
// Parse returns an error for these common forms in papers:
//   - spaces between the units of a formula ("FeCl3 6H2O", "(Ba0.85Ca0.15) TiO3");
//   - solid solutions and mixtures joined by "-" or "+" ("0.9BaTiO3-0.1SrTiO3");
//   - placeholder symbols and isotopes ("M", "Ln", "RE", "D", "13C");
//   - names ("barium titanate"), percentages ("1%Eu") and ranges ("0≤x≤1");
//   - subscript digits ("H₂O") and dopants written before the host ("Nd3+:YAG").
//
// A "+" or "-" between two numbers is read as the start of a mixture when
// the second number is followed by an element, so "BaTiO3-0.1SrTiO3" is an
// error rather than O2.9. Other mixtures still parse with another meaning
// than intended: in "Bi2O3+xB2O3" the first O gets the amount 3+x, and
// "LiFePO4/2C" divides 4 by 2.
package formula
