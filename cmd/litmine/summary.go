package main

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"

	"github.com/litmine/litmine/graph"
	"github.com/litmine/litmine/ingest"
	"github.com/litmine/litmine/ner"
)

func printIngest(w io.Writer, st ingest.Stats) {
	note := ""
	if st.AlreadyDone {
		note = " (already done; nothing written)"
	}
	fmt.Fprintf(w, "ingest%s: %d documents, %d paragraphs, %d duplicates skipped, %d records rejected\n",
		note, st.Documents, st.Paragraphs, st.Duplicates, st.Rejected)
	if st.GoldEntities > 0 {
		fmt.Fprintf(w, "  gold annotations: %d entities, %d relations\n", st.GoldEntities, st.GoldRelations)
	}
	printProblems(w, st.Problems, st.Rejected)
}

// printProblems prints the rejected records the manifest kept, at most 10.
func printProblems(w io.Writer, problems []string, total int64) {
	const shown = 10
	for i, p := range problems {
		if i == shown {
			break
		}
		fmt.Fprintf(w, "  rejected: %s\n", p)
	}
	if total > shown {
		fmt.Fprintf(w, "  ... and %d more rejected records; manifest.json lists the first %d\n", total-shown, len(problems))
	}
}

func printAnnotate(w io.Writer, st ner.Stats) {
	note := ""
	if st.AlreadyDone {
		note = " (already done; nothing written)"
	}
	total := int64(0)
	for _, n := range st.Entities {
		total += n
	}
	fmt.Fprintf(w, "annotate%s: %d documents, %d sentences, %d tokens, %d entities, %d material compositions\n",
		note, st.Documents, st.Sentences, st.Tokens, total, st.Materials)
	for _, l := range st.EntityLabelsByCount() {
		fmt.Fprintf(w, "  %-28s %d\n", l, st.Entities[l])
	}
}

func printGraph(w io.Writer, st graph.Stats) {
	note := ""
	if st.AlreadyDone {
		note = " (already done; nothing written)"
	}
	total := int64(0)
	types := make([]string, 0, len(st.Edges))
	for t, n := range st.Edges {
		total += n
		types = append(types, t)
	}
	sort.Slice(types, func(i, j int) bool { return st.Edges[types[i]] > st.Edges[types[j]] })
	fmt.Fprintf(w, "graph%s: %d documents, %d operations, %d nodes, %d edges\n", note, st.Documents, st.Operations, st.Nodes, total)
	for _, t := range types {
		fmt.Fprintf(w, "  %-28s %d\n", t, st.Edges[t])
	}
}

func printSummary(w io.Writer, dir string, ist ingest.Stats, ast ner.Stats, gst graph.Stats) {
	printIngest(w, ist)
	printAnnotate(w, ast)
	printGraph(w, gst)
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	fmt.Fprintf(w, "\ntables: %s/<table>/part-*.parquet (manifest: %s)\n", abs, filepath.Join(abs, "manifest.json"))
	fmt.Fprintf(w, "example query (DuckDB):\n  SELECT label, count(*) FROM read_parquet('%s/entities/*.parquet') GROUP BY label ORDER BY 2 DESC;\n", abs)
}
