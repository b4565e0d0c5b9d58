package schema

// Row types of the run tables. Each struct is one row. The `table` tag gives
// the Parquet column name, and its option "nodict" turns dictionary encoding
// off for free-text and id columns. Offsets are Unicode code points into the
// document text, end-exclusive, as in brat. Package table derives the Arrow
// schema from these structs, so the structs are the single definition.

// Document is one paper: its metadata and where it came from. The document
// text itself is the concatenation of its paragraphs at their offsets.
type Document struct {
	DocID      string `table:"doc_id,nodict"`
	SourcePath string `table:"source_path,nodict"`
	SourceLine int32  `table:"source_line"` // 1-based line of a JSON-lines record; 0 for whole files
	Format     string `table:"format"`
	Title      string `table:"title,nodict"`
	Abstract   string `table:"abstract,nodict"`
	DOI        string `table:"doi,nodict"`
	License    string `table:"license"`
	Year       *int32 `table:"year"`  // null when unknown
	Chars      int32  `table:"chars"` // length of the document text in code points
	Paragraphs int32  `table:"paragraphs"`
	TextSHA256 string `table:"text_sha256,nodict"` // of the document text, UTF-8
}

// Paragraph is one block of text: a title, an abstract, a heading or a body
// paragraph.
type Paragraph struct {
	DocID     string `table:"doc_id,nodict"`
	Paragraph int32  `table:"paragraph"` // 0-based position in the document
	Kind      string `table:"kind"`      // see ParagraphKind
	Section   string `table:"section,nodict"`
	Start     int32  `table:"start"`
	End       int32  `table:"end"`
	Text      string `table:"text,nodict"`
}

// Paragraph kinds.
const (
	KindTitle    = "title"
	KindAbstract = "abstract"
	KindHeading  = "heading"
	KindBody     = "body"
)

// Sentence is one sentence with its tokens and part-of-speech tags. The token
// lists are parallel; token offsets are document offsets like Start and End.
type Sentence struct {
	DocID       string   `table:"doc_id,nodict"`
	Paragraph   int32    `table:"paragraph"`
	Sentence    int32    `table:"sentence"` // 0-based position in the document
	Start       int32    `table:"start"`
	End         int32    `table:"end"`
	Text        string   `table:"text,nodict"`
	Tokens      []string `table:"tokens,nodict"`
	TokenStarts []int32  `table:"token_starts"`
	TokenEnds   []int32  `table:"token_ends"`
	POS         []string `table:"pos"` // Penn Treebank tags
}

// Entity is a labelled span. TokenStart and TokenEnd index the tokens of its
// sentence, end-exclusive.
type Entity struct {
	DocID      string  `table:"doc_id,nodict"`
	Entity     int32   `table:"entity"` // 0-based id, unique within the document
	Paragraph  int32   `table:"paragraph"`
	Sentence   int32   `table:"sentence"`
	Start      int32   `table:"start"`
	End        int32   `table:"end"`
	TokenStart int32   `table:"token_start"`
	TokenEnd   int32   `table:"token_end"`
	Label      string  `table:"label"` // an EntityLabel name
	Text       string  `table:"text,nodict"`
	Score      float32 `table:"score"`  // confidence in [0, 1]
	Source     string  `table:"source"` // name of the rule or model that produced it, such as "rules/formula"
}

// Material is the parsed composition of a Material entity whose text is a
// chemical formula. Elements and Amounts are parallel; an amount that depends
// on a variable without a value is NaN and the variable is listed in
// Unresolved.
type Material struct {
	DocID      string    `table:"doc_id,nodict"`
	Entity     int32     `table:"entity"`
	Start      int32     `table:"start"`
	End        int32     `table:"end"`
	Text       string    `table:"text,nodict"`
	Formula    string    `table:"formula,nodict"` // normalized, Hill order
	Elements   []string  `table:"elements"`
	Amounts    []float64 `table:"amounts"`
	Unresolved []string  `table:"unresolved"`
	ParseError string    `table:"parse_error,nodict"` // empty when the formula parsed
}

// GraphNode is an entity taking part in a paragraph's synthesis graph.
type GraphNode struct {
	DocID         string `table:"doc_id,nodict"`
	Paragraph     int32  `table:"paragraph"`
	Node          int32  `table:"node"` // the Entity id
	Label         string `table:"label"`
	Start         int32  `table:"start"`
	End           int32  `table:"end"`
	Text          string `table:"text,nodict"`
	Step          int32  `table:"step"`           // 0-based order of an operation in its paragraph; -1 for other nodes
	OperationType string `table:"operation_type"` // such as "Heating"; empty for other nodes
}

// GraphEdge is a typed link between two nodes of a paragraph's graph. Source
// and Target are Entity ids; the direction follows brat (Arg1 to Arg2, and
// operation to argument for roles).
type GraphEdge struct {
	DocID       string  `table:"doc_id,nodict"`
	Paragraph   int32   `table:"paragraph"`
	Type        string  `table:"type"` // a RelationType name
	Source      int32   `table:"source"`
	Target      int32   `table:"target"`
	SourceStart int32   `table:"source_start"`
	SourceEnd   int32   `table:"source_end"`
	TargetStart int32   `table:"target_start"`
	TargetEnd   int32   `table:"target_end"`
	Score       float32 `table:"score"`
	Producer    string  `table:"producer"`
}

// GoldEntity is a brat text-bound annotation (a T line) of an input corpus.
// Attributes lists the brat attributes of the event this span triggers, such
// as "Start_Recipe".
type GoldEntity struct {
	DocID      string   `table:"doc_id,nodict"`
	ID         string   `table:"id"`
	Label      string   `table:"label"`
	Start      int32    `table:"start"`
	End        int32    `table:"end"`
	Text       string   `table:"text,nodict"`
	Attributes []string `table:"attributes"`
}

// GoldRelation is a brat relation or event argument of an input corpus, with
// events resolved to their trigger spans. ID is the brat id of the relation
// or event line.
type GoldRelation struct {
	DocID       string `table:"doc_id,nodict"`
	ID          string `table:"id"`
	Type        string `table:"type"`
	Source      string `table:"source"` // id of the source span (a T id)
	Target      string `table:"target"`
	SourceStart int32  `table:"source_start"`
	SourceEnd   int32  `table:"source_end"`
	TargetStart int32  `table:"target_start"`
	TargetEnd   int32  `table:"target_end"`
}

// Table names, which are also the folder names inside a run directory.
const (
	TableDocuments     = "documents"
	TableParagraphs    = "paragraphs"
	TableSentences     = "sentences"
	TableEntities      = "entities"
	TableMaterials     = "materials"
	TableGraphNodes    = "graph_nodes"
	TableGraphEdges    = "graph_edges"
	TableGoldEntities  = "gold_entities"
	TableGoldRelations = "gold_relations"
)
