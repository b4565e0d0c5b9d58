package graph

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/litmine/litmine/internal/rundir"
	"github.com/litmine/litmine/internal/safename"
	"github.com/litmine/litmine/internal/schema"
	"github.com/litmine/litmine/internal/table"
)

// ExportStats counts what ExportBrat wrote.
type ExportStats struct {
	Documents int
	Entities  int
	Edges     int
	Skipped   int // entities whose text spans a line break, which brat cannot show as one span
}

// ExportBrat writes each document of a finished run as a brat .txt and .ann
// pair in dir, which it creates, so that the annotations can be viewed and
// corrected in brat. File names come from safename.FileName of the doc_id;
// index.tsv maps each doc_id to its file name. Operations become events
// whose arguments are the role edges; other edges become relations.
//
// The .txt file places each paragraph at its offsets; the text between
// paragraphs, which the tables do not keep, becomes spaces ending in a line
// break, so every offset stays valid.
func ExportBrat(run *rundir.Run, dir string) (ExportStats, error) {
	if err := run.Require(Stage); err != nil {
		return ExportStats{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return ExportStats{}, err
	}
	var st ExportStats
	var index strings.Builder
	index.WriteString("doc_id\tfile\n")
	for _, k := range run.Shards(Stage) {
		docs, err := readExportShard(run, k)
		if err != nil {
			return st, err
		}
		for _, d := range docs {
			name := safename.FileName(d.doc.DocID)
			if err := d.write(dir, name, &st); err != nil {
				return st, err
			}
			fmt.Fprintf(&index, "%s\t%s\n", d.doc.DocID, name)
		}
	}
	return st, rundir.WriteFileAtomic(filepath.Join(dir, "index.tsv"), []byte(index.String()))
}

// exportDoc is one document with the rows that its brat files need.
type exportDoc struct {
	doc        schema.Document
	paragraphs []schema.Paragraph
	entities   []schema.Entity
	edges      []schema.GraphEdge
}

// readExportShard reads the rows of one shard and groups them by document.
func readExportShard(run *rundir.Run, k int) ([]*exportDoc, error) {
	var docs []*exportDoc
	byID := map[string]*exportDoc{}
	files := map[string]string{}
	for _, t := range []struct{ stage, table string }{
		{"ingest", schema.TableDocuments}, {"ingest", schema.TableParagraphs},
		{"annotate", schema.TableEntities}, {Stage, schema.TableGraphEdges},
	} {
		f, err := run.VerifiedShardFile(t.stage, k, t.table)
		if err != nil {
			return nil, err
		}
		files[t.table] = f.Path
	}
	rows, err := table.ReadAll[schema.Document](files[schema.TableDocuments])
	if err != nil {
		return nil, err
	}
	for _, d := range rows {
		e := &exportDoc{doc: d}
		docs = append(docs, e)
		byID[d.DocID] = e
	}
	err = scanInto(files[schema.TableParagraphs], byID, func(e *exportDoc, p schema.Paragraph) { e.paragraphs = append(e.paragraphs, p) },
		func(p *schema.Paragraph) string { return p.DocID })
	if err == nil {
		err = scanInto(files[schema.TableEntities], byID, func(e *exportDoc, x schema.Entity) { e.entities = append(e.entities, x) },
			func(x *schema.Entity) string { return x.DocID })
	}
	if err == nil {
		err = scanInto(files[schema.TableGraphEdges], byID, func(e *exportDoc, x schema.GraphEdge) { e.edges = append(e.edges, x) },
			func(x *schema.GraphEdge) string { return x.DocID })
	}
	return docs, err
}

// scanInto reads a table and hands each row to the document it belongs to.
func scanInto[T any](path string, byID map[string]*exportDoc, add func(*exportDoc, T), docID func(*T) string) error {
	return table.Scan(path, table.ReadOptions{}, func(rows []T) error {
		for i := range rows {
			d, ok := byID[docID(&rows[i])]
			if !ok {
				return fmt.Errorf("read %s: row %d names document %q, which the documents table lacks", path, i, docID(&rows[i]))
			}
			add(d, rows[i])
		}
		return nil
	})
}

// text rebuilds the document text from its paragraphs.
func (d *exportDoc) text() []rune {
	out := make([]rune, d.doc.Chars)
	for i := range out {
		out[i] = ' '
	}
	for _, p := range d.paragraphs {
		copy(out[p.Start:], []rune(p.Text))
		if p.End < int32(len(out)) {
			out[p.End] = '\n'
		}
	}
	return out
}

// write writes the .txt and .ann files of one document.
func (d *exportDoc) write(dir, name string, st *ExportStats) error {
	text := d.text()
	var ann strings.Builder
	ids := map[int32]string{} // entity id → brat id of its span or event
	events := map[int32][]string{}
	for _, e := range d.entities {
		if strings.ContainsAny(e.Text, "\n\r") {
			st.Skipped++
			continue
		}
		tid := fmt.Sprintf("T%d", e.Entity+1)
		fmt.Fprintf(&ann, "%s\t%s %d %d\t%s\n", tid, e.Label, e.Start, e.End, e.Text)
		ids[e.Entity] = tid
		if e.Label == schema.LabelOperation.String() {
			ids[e.Entity] = fmt.Sprintf("E%d", e.Entity+1)
			events[e.Entity] = []string{"Operation:" + tid}
		}
		st.Entities++
	}
	var relations []string
	for _, g := range d.edges {
		src, ok1 := ids[g.Source]
		dst, ok2 := ids[g.Target]
		if !ok1 || !ok2 {
			continue
		}
		if t, err := schema.ParseRelationType(g.Type); err == nil && isRole(t) && events[g.Source] != nil {
			// An event argument names the span, even when it is an operation.
			events[g.Source] = append(events[g.Source], fmt.Sprintf("%s:T%d", g.Type, g.Target+1))
		} else {
			relations = append(relations, fmt.Sprintf("R%d\t%s Arg1:%s Arg2:%s\t\n", len(relations)+1, g.Type, src, dst))
		}
		st.Edges++
	}
	for _, e := range d.entities {
		if args, ok := events[e.Entity]; ok {
			fmt.Fprintf(&ann, "E%d\t%s\n", e.Entity+1, strings.Join(args, " "))
		}
	}
	ann.WriteString(strings.Join(relations, ""))
	if err := rundir.WriteFileAtomic(filepath.Join(dir, name+".txt"), []byte(string(text))); err != nil {
		return err
	}
	st.Documents++
	return rundir.WriteFileAtomic(filepath.Join(dir, name+".ann"), []byte(ann.String()))
}

// isRole reports whether t is an operation's argument role, which brat
// stores as an event argument.
func isRole(t schema.RelationType) bool {
	switch t {
	case schema.ParticipantMaterial, schema.RecipePrecursor, schema.RecipeTarget, schema.SolventMaterial, schema.AtmosphericMaterial:
		return true
	}
	return false
}
