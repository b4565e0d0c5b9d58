package datasets

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrMalformed is wrapped by every error about input that does not follow
// its format: a bad brat line, a bad JSON record, an offset outside the text.
var ErrMalformed = errors.New("malformed input")

// LineError is an error at one line of one file. Line is 1-based; 0 means the
// error concerns the file as a whole.
type LineError struct {
	File string
	Line int
	Err  error
}

func (e *LineError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
}

func (e *LineError) Unwrap() error { return e.Err }

// BratSpan is a text-bound annotation (a T line). Start and End are code
// point offsets into the document text, end-exclusive. A discontinuous span
// keeps the start of its first fragment and the end of its last, and its
// Text joins the fragments with a space, as brat does.
type BratSpan struct {
	ID    string
	Label string
	Start int
	End   int
	Text  string
}

// BratArg is one argument of an event.
type BratArg struct {
	Role string
	ID   string // a T or E id
}

// BratEvent is an event (an E line): a trigger span with typed arguments.
type BratEvent struct {
	ID      string
	Type    string
	Trigger string // the T id of the trigger span
	Args    []BratArg
	line    int
}

// BratRelation is a binary relation (an R line).
type BratRelation struct {
	ID   string
	Type string
	Arg1 string // a T or E id
	Arg2 string
	line int
}

// BratAttribute is an attribute (an A or M line) of a span or an event.
// Value is empty for binary attributes.
type BratAttribute struct {
	ID     string
	Name   string
	Target string
	Value  string
	line   int
}

// BratDocument is one brat document: its text and its standoff annotations.
type BratDocument struct {
	Name       string // the file name without extension
	Text       string
	Spans      []BratSpan
	Events     []BratEvent
	Relations  []BratRelation
	Attributes []BratAttribute
}

// ParseAnn reads the annotations of one brat document from r. file names the
// .ann file in errors; text is the content of the matching .txt file, against
// which offsets are checked.
//
// A malformed line does not stop the parse: ParseAnn keeps every good line
// and returns the bad ones as a joined error of *LineError values, each
// wrapping ErrMalformed. Lines of kinds it does not use (notes "#",
// equivalences "*", normalizations "N") are skipped.
func ParseAnn(r io.Reader, file, text string) (*BratDocument, error) {
	doc := &BratDocument{Name: strings.TrimSuffix(filepath.Base(strings.TrimSuffix(file, ".gz")), ".ann"), Text: text}
	runes := []rune(text)
	var errs []error
	scanner := bufio.NewScanner(r)
	scanner.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for line := 1; scanner.Scan(); line++ {
		raw := strings.TrimRight(scanner.Text(), "\r")
		if line == 1 {
			raw = strings.TrimPrefix(raw, "\ufeff")
		}
		if strings.TrimSpace(raw) == "" {
			continue
		}
		if err := doc.parseLine(raw, runes, line); err != nil {
			errs = append(errs, &LineError{File: file, Line: line, Err: err})
		}
	}
	if err := scanner.Err(); err != nil {
		errs = append(errs, &LineError{File: file, Err: fmt.Errorf("read: %w", err)})
	}
	errs = append(errs, doc.checkReferences(file)...)
	return doc, errors.Join(errs...)
}

func (d *BratDocument) parseLine(raw string, runes []rune, line int) error {
	fields := strings.SplitN(raw, "\t", 3)
	id := fields[0]
	if id == "" {
		return fmt.Errorf("%w: empty annotation id", ErrMalformed)
	}
	if len(fields) < 2 {
		if id[0] == '#' || id[0] == '*' || id[0] == 'N' {
			return nil
		}
		return fmt.Errorf("%w: annotation %s has no tab-separated body", ErrMalformed, id)
	}
	switch id[0] {
	case 'T':
		return d.parseSpan(id, fields, runes)
	case 'E':
		return d.parseEvent(id, fields[1], line)
	case 'R':
		return d.parseRelation(id, fields[1], line)
	case 'A', 'M':
		return d.parseAttribute(id, fields[1], line)
	case '#', '*', 'N':
		return nil
	}
	return fmt.Errorf("%w: unknown annotation kind %q", ErrMalformed, id)
}

func (d *BratDocument) parseSpan(id string, fields []string, runes []rune) error {
	label, ranges, ok := strings.Cut(fields[1], " ")
	if !ok || label == "" {
		return fmt.Errorf("%w: span %s: want \"Label start end\", got %q", ErrMalformed, id, fields[1])
	}
	start, end := -1, -1
	var parts []string
	for _, fragment := range strings.Split(ranges, ";") {
		a, b, ok := strings.Cut(strings.TrimSpace(fragment), " ")
		if !ok {
			return fmt.Errorf("%w: span %s: invalid offsets %q", ErrMalformed, id, fragment)
		}
		s, err1 := strconv.Atoi(a)
		e, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil || s < 0 || e < s {
			return fmt.Errorf("%w: span %s: invalid offsets %q", ErrMalformed, id, fragment)
		}
		if e > len(runes) {
			return fmt.Errorf("%w: span %s: end offset %d is past the end of the text (%d code points)", ErrMalformed, id, e, len(runes))
		}
		if start < 0 || s < start {
			start = s
		}
		end = max(end, e)
		parts = append(parts, string(runes[s:e]))
	}
	// brat writes the fragments of a discontinuous span joined by a space.
	text := strings.Join(parts, " ")
	if len(fields) == 3 && fields[2] != text {
		return fmt.Errorf("%w: span %s: text %q does not match %q at offsets %s of the document", ErrMalformed, id, fields[2], text, ranges)
	}
	d.Spans = append(d.Spans, BratSpan{ID: id, Label: label, Start: start, End: end, Text: text})
	return nil
}

func (d *BratDocument) parseEvent(id, body string, line int) error {
	parts := strings.Fields(body)
	if len(parts) == 0 {
		return fmt.Errorf("%w: event %s has no trigger", ErrMalformed, id)
	}
	typ, trigger, ok := strings.Cut(parts[0], ":")
	if !ok || typ == "" || trigger == "" {
		return fmt.Errorf("%w: event %s: want \"Type:Tn\", got %q", ErrMalformed, id, parts[0])
	}
	ev := BratEvent{ID: id, Type: typ, Trigger: trigger, line: line}
	for _, p := range parts[1:] {
		role, arg, ok := strings.Cut(p, ":")
		if !ok || role == "" || arg == "" {
			return fmt.Errorf("%w: event %s: want \"Role:id\", got %q", ErrMalformed, id, p)
		}
		ev.Args = append(ev.Args, BratArg{Role: strings.TrimRight(role, "0123456789"), ID: arg})
	}
	d.Events = append(d.Events, ev)
	return nil
}

func (d *BratDocument) parseRelation(id, body string, line int) error {
	parts := strings.Fields(body)
	if len(parts) != 3 {
		return fmt.Errorf("%w: relation %s: want \"Type Arg1:id Arg2:id\", got %q", ErrMalformed, id, body)
	}
	_, a1, ok1 := strings.Cut(parts[1], ":")
	_, a2, ok2 := strings.Cut(parts[2], ":")
	if !ok1 || !ok2 || a1 == "" || a2 == "" {
		return fmt.Errorf("%w: relation %s: want \"Type Arg1:id Arg2:id\", got %q", ErrMalformed, id, body)
	}
	d.Relations = append(d.Relations, BratRelation{ID: id, Type: parts[0], Arg1: a1, Arg2: a2, line: line})
	return nil
}

func (d *BratDocument) parseAttribute(id, body string, line int) error {
	parts := strings.Fields(body)
	if len(parts) < 2 || len(parts) > 3 {
		return fmt.Errorf("%w: attribute %s: want \"Name id [value]\", got %q", ErrMalformed, id, body)
	}
	a := BratAttribute{ID: id, Name: parts[0], Target: parts[1], line: line}
	if len(parts) == 3 {
		a.Value = parts[2]
	}
	d.Attributes = append(d.Attributes, a)
	return nil
}

// checkReferences reports events, relations and attributes that name an id
// no line defines, and removes them so that later steps can trust every id.
func (d *BratDocument) checkReferences(file string) []error {
	known := make(map[string]bool, len(d.Spans)+len(d.Events))
	for _, s := range d.Spans {
		known[s.ID] = true
	}
	for _, e := range d.Events {
		known[e.ID] = true
	}
	var errs []error
	missing := func(line int, owner, ref string) {
		errs = append(errs, &LineError{File: file, Line: line, Err: fmt.Errorf("%w: %s refers to %s, which is not defined", ErrMalformed, owner, ref)})
	}
	events := d.Events[:0]
	for _, e := range d.Events {
		var unknown []string
		if !known[e.Trigger] {
			unknown = append(unknown, e.Trigger)
		}
		for _, a := range e.Args {
			if !known[a.ID] {
				unknown = append(unknown, a.ID)
			}
		}
		ok := len(unknown) == 0
		if !ok {
			missing(e.line, e.ID, strings.Join(unknown, ", "))
		}
		if ok {
			events = append(events, e)
		}
	}
	d.Events = events
	relations := d.Relations[:0]
	for _, r := range d.Relations {
		switch {
		case !known[r.Arg1]:
			missing(r.line, r.ID, r.Arg1)
		case !known[r.Arg2]:
			missing(r.line, r.ID, r.Arg2)
		default:
			relations = append(relations, r)
		}
	}
	d.Relations = relations
	attributes := d.Attributes[:0]
	for _, a := range d.Attributes {
		if known[a.Target] {
			attributes = append(attributes, a)
		} else {
			missing(a.line, a.ID, a.Target)
		}
	}
	d.Attributes = attributes
	return errs
}

// Link is a relation or an event argument with both ends resolved to spans:
// an event stands for its trigger span. For an event argument, Type is the
// role, Source the trigger and Target the argument.
type Link struct {
	ID     string
	Type   string
	Source BratSpan
	Target BratSpan
}

// Links returns every relation and event argument of d with its ends resolved
// to spans, relations first, each group in file order.
func (d *BratDocument) Links() []Link {
	spans := make(map[string]BratSpan, len(d.Spans))
	for _, s := range d.Spans {
		spans[s.ID] = s
	}
	triggers := make(map[string]string, len(d.Events))
	for _, e := range d.Events {
		triggers[e.ID] = e.Trigger
	}
	resolve := func(id string) (BratSpan, bool) {
		if t, ok := triggers[id]; ok {
			id = t
		}
		s, ok := spans[id]
		return s, ok
	}
	var links []Link
	for _, r := range d.Relations {
		a, ok1 := resolve(r.Arg1)
		b, ok2 := resolve(r.Arg2)
		if ok1 && ok2 {
			links = append(links, Link{ID: r.ID, Type: r.Type, Source: a, Target: b})
		}
	}
	for _, e := range d.Events {
		trigger, ok := spans[e.Trigger]
		if !ok {
			continue
		}
		for _, arg := range e.Args {
			if target, ok := resolve(arg.ID); ok {
				links = append(links, Link{ID: e.ID, Type: arg.Role, Source: trigger, Target: target})
			}
		}
	}
	return links
}

// SpanAttributes maps a span id to the names of the attributes set on it or
// on an event it triggers.
func (d *BratDocument) SpanAttributes() map[string][]string {
	triggers := make(map[string]string, len(d.Events))
	for _, e := range d.Events {
		triggers[e.ID] = e.Trigger
	}
	out := make(map[string][]string)
	for _, a := range d.Attributes {
		target := a.Target
		if t, ok := triggers[target]; ok {
			target = t
		}
		name := a.Name
		if a.Value != "" {
			name += "=" + a.Value
		}
		out[target] = append(out[target], name)
	}
	return out
}
