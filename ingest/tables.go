package ingest

import (
	"context"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/litmine/litmine/internal/rundir"
	"github.com/litmine/litmine/internal/schema"
	"github.com/litmine/litmine/internal/table"
)

// shardWriters holds the open table writers of one shard.
type shardWriters struct {
	documents  *table.Writer[schema.Document]
	paragraphs *table.Writer[schema.Paragraph]
	entities   *table.Writer[schema.GoldEntity]
	relations  *table.Writer[schema.GoldRelation]
}

func createShardWriters(run *rundir.Run, index int) (*shardWriters, error) {
	var w shardWriters
	var err error
	open := func(name string) string {
		if err != nil {
			return ""
		}
		var p string
		p, err = run.PartPath(name, index)
		return p
	}
	if p := open(schema.TableDocuments); err == nil {
		w.documents, err = table.Create[schema.Document](p, table.Options{})
	}
	if p := open(schema.TableParagraphs); err == nil {
		w.paragraphs, err = table.Create[schema.Paragraph](p, table.Options{RowGroupRows: 16384})
	}
	if p := open(schema.TableGoldEntities); err == nil {
		w.entities, err = table.Create[schema.GoldEntity](p, table.Options{})
	}
	if p := open(schema.TableGoldRelations); err == nil {
		w.relations, err = table.Create[schema.GoldRelation](p, table.Options{})
	}
	if err != nil {
		w.abort()
		return nil, err
	}
	return &w, nil
}

func (w *shardWriters) abort() {
	if w.documents != nil {
		w.documents.Abort()
	}
	if w.paragraphs != nil {
		w.paragraphs.Abort()
	}
	if w.entities != nil {
		w.entities.Abort()
	}
	if w.relations != nil {
		w.relations.Abort()
	}
}

// writeShard writes the tables of one shard and records it in the manifest.
func writeShard(ctx context.Context, run *rundir.Run, b *shardBatch) error {
	w, err := createShardWriters(run, b.index)
	if err != nil {
		return fmt.Errorf("shard %d: %w", b.index, err)
	}
	defer w.abort()
	rec := &rundir.Shard{Files: map[string]table.FileInfo{}}
	for _, doc := range b.docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.writeDocument(doc, rec); err != nil {
			return fmt.Errorf("shard %d: document %s: %w", b.index, doc.ID, err)
		}
	}
	for _, p := range b.problems {
		rec.AddProblem(p)
	}
	rec.Add("duplicates", b.dups)
	var errs []error
	commit := func(name string, info table.FileInfo, err error) {
		if err != nil {
			errs = append(errs, err)
			return
		}
		rec.Files[name] = info
	}
	info, err := w.documents.Commit()
	commit(schema.TableDocuments, info, err)
	info, err = w.paragraphs.Commit()
	commit(schema.TableParagraphs, info, err)
	info, err = w.entities.Commit()
	commit(schema.TableGoldEntities, info, err)
	info, err = w.relations.Commit()
	commit(schema.TableGoldRelations, info, err)
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("shard %d: %w", b.index, err)
	}
	return run.CommitShard(Stage, b.index, rec)
}

func (w *shardWriters) writeDocument(doc Document, rec *rundir.Shard) error {
	runes := []rune(doc.Text)
	row := schema.Document{
		DocID: doc.ID, SourcePath: doc.SourcePath, SourceLine: int32(doc.SourceLine), Format: string(doc.Format),
		Title: doc.Title, Abstract: doc.Abstract, DOI: doc.DOI, License: doc.License,
		Chars: int32(len(runes)), Paragraphs: int32(len(doc.Paragraphs)), TextSHA256: sha256Hex(doc.Text),
	}
	if doc.Year > 0 {
		y := int32(doc.Year)
		row.Year = &y
	}
	if err := w.documents.Write(row); err != nil {
		return err
	}
	paras := ParagraphRows(doc, runes)
	if err := w.paragraphs.Write(paras...); err != nil {
		return err
	}
	rec.Add("documents", 1)
	rec.Add("paragraphs", int64(len(paras)))
	rec.Add("chars", int64(utf8.RuneCountInString(doc.Text)))
	if doc.Gold != nil {
		return w.writeGold(doc, rec)
	}
	return nil
}

func (w *shardWriters) writeGold(doc Document, rec *rundir.Shard) error {
	attrs := doc.Gold.SpanAttributes()
	for _, s := range doc.Gold.Spans {
		row := schema.GoldEntity{DocID: doc.ID, ID: s.ID, Label: s.Label, Start: int32(s.Start), End: int32(s.End),
			Text: s.Text, Attributes: attrs[s.ID]}
		if err := w.entities.Write(row); err != nil {
			return err
		}
	}
	links := doc.Gold.Links()
	for _, l := range links {
		row := schema.GoldRelation{DocID: doc.ID, ID: l.ID, Type: l.Type, Source: l.Source.ID, Target: l.Target.ID,
			SourceStart: int32(l.Source.Start), SourceEnd: int32(l.Source.End),
			TargetStart: int32(l.Target.Start), TargetEnd: int32(l.Target.End)}
		if err := w.relations.Write(row); err != nil {
			return err
		}
	}
	rec.Add("gold_entities", int64(len(doc.Gold.Spans)))
	rec.Add("gold_relations", int64(len(links)))
	return nil
}

// ParagraphRows returns the rows of the paragraphs table for doc. runes is
// doc.Text as code points, or nil to have it converted.
func ParagraphRows(doc Document, runes []rune) []schema.Paragraph {
	if runes == nil {
		runes = []rune(doc.Text)
	}
	out := make([]schema.Paragraph, 0, len(doc.Paragraphs))
	for i, p := range doc.Paragraphs {
		out = append(out, schema.Paragraph{
			DocID: doc.ID, Paragraph: int32(i), Kind: string(p.Kind), Section: p.Section,
			Start: int32(p.Start), End: int32(p.End), Text: string(runes[p.Start:p.End]),
		})
	}
	return out
}
