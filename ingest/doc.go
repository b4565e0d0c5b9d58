// Package ingest is the first stage of litmine: it reads papers and writes
// the documents and paragraphs tables of a run directory.
//
// Readers cover plain text, brat (.txt with .ann; the annotations go to the
// gold_entities and gold_relations tables), JATS XML and unarXive/S2ORC JSON
// lines, each optionally gzip-compressed. The format of each file is
// detected from its content unless ReadConfig.Format names one. Every
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
