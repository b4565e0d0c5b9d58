// Package datasets reads gold-annotated corpora and scores predictions
// against them.
//
// It reads brat standoff annotations with ParseAnn (text-bound spans,
// events, relations and attributes, with offsets in Unicode code points) and
// split files with ReadSplit. ScoreSpans and ScoreLinks score predictions
// with strict matching: a prediction counts only when its offsets and its
// label or type equal a gold item's.
//
//	doc, err := datasets.ParseAnn(annFile, "x.ann", text)
//	scores := datasets.ScoreSpans(gold, predicted)
//	scores.WriteTable(os.Stdout, "label")
package datasets
