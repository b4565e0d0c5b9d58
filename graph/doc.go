// Package graph is the last stage of litmine: it reads the sentences and
// entities tables and writes the graph_nodes and graph_edges tables, one
// materials-synthesis graph per paragraph.
//
// The rule baseline links operations in text order with Next_Operation and
// attaches numbers, units, conditions, apparatus, descriptors, brands and
// materials with the MSPT corpus's relation types (Number_Of, Amount_Of,
// Condition_Of, Apparatus_Of, Descriptor_Of, Participant_Material,
// Recipe_Precursor, Recipe_Target, Solvent_Material, Atmospheric_Material
// and others), each to the nearest fitting entity of its sentence.
// Operations also get a type such as Heating or Mixing (OperationType).
//
// Run builds the graphs of every annotate shard of a run directory; Build
// and BuildDocument work in memory:
//
//	nodes, edges := graph.BuildDocument(sentences, entities)
package graph
