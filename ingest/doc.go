// Package ingest is the first stage of litmine: it reads papers and writes
// the documents and paragraphs tables of a run directory.
//
// Readers cover plain text, brat (.txt with .ann; the annotations go to the
// gold_entities and gold_relations tables), JATS XML, unarXive/S2ORC JSON
// lines and arXiv metadata records, publisher HTML article pages, Markdown,
// PDF and WebAnno TSV 3.x, each optionally gzip-compressed. PDF text comes
// from the pdftotext program of poppler-utils, and WebAnno annotations go
// to the gold tables as brat's do. Zip and tar archives (plain or
// gzip-compressed) are extracted to a temporary folder and read like a
// folder, and the input path "-" reads standard input. The format of each
// file is detected from its content, and from its name for Markdown without
// front matter or a leading heading, WebAnno and HTML fragments, unless
// ReadConfig.Format names one. A folder walk skips README and LICENSE files,
// .tsv files that are not WebAnno and JSON files whose records are not
// papers. Every
// document gets a stable id (DocumentID), and its paragraphs carry code
// point offsets into the document text. A record a reader rejects is
// reported with its file, line or offset and reason, and the rest of the
// batch is kept.
//
// Run cuts the documents into shards of Config.ShardDocuments documents and
// writes each shard's tables atomically; a run killed half-way resumes from
// its committed shards. Walk and ReadInput read documents without writing
// anything:
//
//	err := ingest.Walk([]string{"papers/"}, ingest.ReadConfig{}, func(d ingest.Document) error {
//		fmt.Println(d.ID, d.Title, len(d.Paragraphs))
//		return nil
//	}, func(p ingest.Problem) { log.Print(p) })
package ingest
