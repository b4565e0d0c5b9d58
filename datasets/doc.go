// Package datasets reads gold-annotated corpora and scores predictions
// against them.
//
// It reads brat standoff annotations (ParseAnn: text-bound spans, events,
// relations and attributes, with offsets in Unicode code points) and split
// files (ReadSplit), and scores spans and typed links with strict matching
// (ScoreSpans, ScoreLinks): a prediction counts only when its offsets and
// its label or type equal a gold item's.
//
//	doc, err := datasets.ParseAnn(annFile, "x.ann", text)
//	scores := datasets.ScoreSpans(gold, predicted)
//	scores.WriteTable(os.Stdout, "label")
package datasets
