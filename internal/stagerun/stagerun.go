// Package stagerun holds the steps that every stage after ingest shares:
// checking that its upstream stage is done, recording the stage in the run
// manifest, and running a function over each upstream shard the stage has
// not committed, with progress in documents.
package stagerun

import (
	"context"
	"log/slog"

	"github.com/litmine/litmine/internal/progress"
	"github.com/litmine/litmine/internal/rundir"
)

// Spec describes a stage that reads the shards of one upstream stage.
type Spec struct {
	Name     string   // stage name in the manifest, such as "annotate"
	Version  string   // changes whenever the stage's output changes for the same input
	Upstream string   // stage whose shards it reads
	Tables   []string // tables it writes, removed when it starts anew
}

// Begin checks that the upstream stage is done and records the stage in
// the manifest (see rundir.Run.Begin). It returns true when the stage is
// already done with the same version, config and upstream tables, in which
// case there is nothing to do.
func Begin(run *rundir.Run, s Spec, config map[string]any, force bool, log *slog.Logger) (bool, error) {
	if err := run.Require(s.Upstream); err != nil {
		return false, err
	}
	state, err := run.Begin(s.Name, s.Version, config, s.Upstream, s.Tables, force)
	if err != nil {
		return false, err
	}
	if state == rundir.StageFinished {
		log.Info("stage already done; use --force to redo it", "run", run.Dir)
		return true, nil
	}
	return false, nil
}

// Shards calls work for each upstream shard that the stage has not
// committed, in order, then marks the stage finished. work returns the
// number of documents it processed and reports progress within the shard
// through report; the "documents" counter of committed shards counts them
// when skipped.
func Shards(ctx context.Context, run *rundir.Run, s Spec, prog progress.Func, log *slog.Logger,
	work func(ctx context.Context, shard int, report func(docs int64)) (int64, error)) error {
	total := run.Manifest().Stages[s.Upstream].Counters["documents"]
	shards := run.Shards(s.Upstream)
	log.Info("stage started", "shards", len(shards), "documents", total)

	done := int64(0)
	for _, k := range shards {
		if run.ShardDone(s.Name, k) {
			done += run.Manifest().Stages[s.Name].Shards[k].Counters["documents"]
			continue
		}
		n, err := work(ctx, k, func(d int64) {
			prog(progress.Event{Stage: s.Name, Unit: "documents", Done: done + d, Total: total})
		})
		if err != nil {
			return err
		}
		done += n
	}
	prog(progress.Event{Stage: s.Name, Unit: "documents", Done: done, Total: total, Final: true})
	return run.Finish(s.Name)
}
