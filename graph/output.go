package graph

import (
	"fmt"

	"github.com/litmine/litmine/internal/rundir"
	"github.com/litmine/litmine/internal/schema"
	"github.com/litmine/litmine/internal/table"
)

// output holds the open writers of one graph shard.
type output struct {
	nodes *table.Writer[schema.GraphNode]
	edges *table.Writer[schema.GraphEdge]
	rec   *rundir.Shard
}

func openOutput(run *rundir.Run, k int) (*output, error) {
	out := &output{rec: &rundir.Shard{Files: map[string]table.FileInfo{}}}
	path, err := run.PartPath(schema.TableGraphNodes, k)
	if err == nil {
		out.nodes, err = table.Create[schema.GraphNode](path, table.Options{})
	}
	if err == nil {
		path, err = run.PartPath(schema.TableGraphEdges, k)
	}
	if err == nil {
		out.edges, err = table.Create[schema.GraphEdge](path, table.Options{})
	}
	if err != nil {
		out.abort()
		return nil, fmt.Errorf("shard %d: %w", k, err)
	}
	return out, nil
}

func (o *output) abort() {
	if o.nodes != nil {
		o.nodes.Abort()
	}
	if o.edges != nil {
		o.edges.Abort()
	}
}

func (o *output) write(g docGraph) error {
	if err := o.nodes.Write(g.nodes...); err != nil {
		return err
	}
	if err := o.edges.Write(g.edges...); err != nil {
		return err
	}
	o.rec.Add("documents", 1)
	o.rec.Add("nodes", int64(len(g.nodes)))
	for _, n := range g.nodes {
		if n.Step >= 0 {
			o.rec.Add("operations", 1)
		}
	}
	for _, e := range g.edges {
		o.rec.Add("edges/"+e.Type, 1)
	}
	return nil
}

func (o *output) commit(run *rundir.Run, k int) error {
	info, err := o.nodes.Commit()
	if err != nil {
		return fmt.Errorf("shard %d: %w", k, err)
	}
	o.rec.Files[schema.TableGraphNodes] = info
	if info, err = o.edges.Commit(); err != nil {
		return fmt.Errorf("shard %d: %w", k, err)
	}
	o.rec.Files[schema.TableGraphEdges] = info
	return run.CommitShard(Stage, k, o.rec)
}
