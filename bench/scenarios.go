package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"

	"github.com/hdikafka/terraform-provider-hdikafka/bench/internal/tfbench"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator"
)

// sampleInterval is how often provider processes are sampled for VmHWM.
const sampleInterval = 20 * time.Millisecond

// harness holds what every scenario shares.
type harness struct {
	tmp       string
	terraform string
	override  *tfbench.Override
	log       func(format string, args ...any)
}

// PhaseResult is one terraform command of a scenario.
type PhaseResult struct {
	Phase                 string           `json:"phase"` // apply | plan
	Topics                int              `json:"topics"`
	LatencyMS             int              `json:"added_latency_ms"`
	WallMS                float64          `json:"wall_ms"`
	ExitCode              int              `json:"exit_code"`
	Requests              map[string]int64 `json:"requests"` // per emulator route
	APIRequests           int64            `json:"api_requests"`
	TokenRequests         int64            `json:"token_requests"`
	ProviderProcesses     int              `json:"provider_processes"`
	ProcessesWithRequests int              `json:"provider_processes_with_requests"`
	MaxTokensPerProcess   int              `json:"max_token_requests_per_process"`
	UnattributedTokens    int              `json:"unattributed_token_requests"`
	PeakRSSMB             float64          `json:"peak_rss_mb"`
}

// scale runs apply then plan with n topics on a fresh emulator.
func (h *harness) scale(ctx context.Context, n int, latency time.Duration) ([]PhaseResult, error) {
	dir := filepath.Join(h.tmp, fmt.Sprintf("scale-%d-lat%d", n, latency.Milliseconds()))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	emu, err := tfbench.StartEmulator(ctx, dir, 0)
	if err != nil {
		return nil, err
	}
	defer emu.Server.Close()
	if latency > 0 {
		if _, err := emu.Server.Faults().AddChecked(emulator.Fault{Route: emulator.RouteAll, Kind: emulator.FaultLatency, Latency: latency}); err != nil {
			return nil, err
		}
	}
	run, err := tfbench.NewRunner(h.terraform, filepath.Join(dir, "work"), h.override, emu)
	if err != nil {
		return nil, err
	}
	topics := tfbench.Topics(fmt.Sprintf("bench-n%d", n), n, 3, 2, map[string]string{"retention.ms": "86400000"})
	if err := tfbench.WriteConfig(run.Dir, topics); err != nil {
		return nil, err
	}
	var out []PhaseResult
	for _, phase := range []string{"apply", "plan"} {
		pr, res, err := h.phase(ctx, emu, run, phase)
		if err != nil {
			return out, err
		}
		pr.Topics, pr.LatencyMS = n, int(latency.Milliseconds())
		h.log("  N=%-5d latency=%-4s %-5s %8.1f s  api=%-6d token=%d procs=%d rss=%.1f MB exit=%d",
			n, latency, phase, pr.WallMS/1000, pr.APIRequests, pr.TokenRequests, pr.ProviderProcesses, pr.PeakRSSMB, pr.ExitCode)
		out = append(out, pr)
		wantExit := 0
		if res.ExitCode != wantExit {
			return out, fmt.Errorf("benchmark with %d topics and %s added latency: %w", n, latency, res.Err())
		}
	}
	return out, nil
}

// phase runs one terraform command and measures it.
func (h *harness) phase(ctx context.Context, emu *tfbench.Emulator, run *tfbench.Runner, phase string) (PhaseResult, tfbench.Result, error) {
	before := emu.Server.Counters()
	mark := emu.Observer.Mark()
	watch, err := tfbench.WatchProviders(h.override, emu.Server.URL(), sampleInterval)
	if err != nil {
		return PhaseResult{}, tfbench.Result{}, err
	}
	var res tfbench.Result
	if phase == "apply" {
		res, err = run.Apply(ctx)
	} else {
		res, err = run.Plan(ctx)
	}
	stats := watch.Stop()
	if err != nil {
		return PhaseResult{}, res, err
	}
	delta := tfbench.Delta(before, emu.Server.Counters())
	pr := PhaseResult{
		Phase:             phase,
		WallMS:            float64(res.Duration.Microseconds()) / 1000,
		ExitCode:          res.ExitCode,
		Requests:          delta,
		APIRequests:       tfbench.APIRequests(delta),
		TokenRequests:     delta[emulator.RouteToken],
		ProviderProcesses: len(stats.PIDs),
		PeakRSSMB:         float64(stats.PeakRSS) / (1 << 20),
	}
	tokens := map[int]int{}
	active := map[int]bool{}
	for _, e := range emu.Observer.Since(mark) {
		if e.Created || e.Route == "" {
			continue
		}
		pid, ok := stats.PortPID[e.Port]
		if ok {
			active[pid] = true
		}
		if e.Route != emulator.RouteToken {
			continue
		}
		if !ok {
			pr.UnattributedTokens++
			continue
		}
		tokens[pid]++
	}
	pr.ProcessesWithRequests = len(active)
	for _, c := range tokens {
		pr.MaxTokensPerProcess = max(pr.MaxTokensPerProcess, c)
	}
	return pr, res, nil
}

// VisibilityRun is one create of a single topic with visibility delay D.
type VisibilityRun struct {
	DelayMS        int64   `json:"delay_ms"`
	Run            int     `json:"run"`
	Topic          string  `json:"topic"`
	ApplyMS        float64 `json:"apply_wall_ms"`
	VisibleAfterMS float64 `json:"visible_after_ms"` // PUT (topic created) → first successful GET of the topic
	OverheadMS     float64 `json:"overhead_ms"`      // VisibleAfterMS − D
	Polls          int     `json:"polls"`            // GETs of the topic after the PUT, the successful one included
	CounterGets    int64   `json:"topic_partitions_requests"`
}

// VisibilitySummary aggregates the runs of one D.
type VisibilitySummary struct {
	DelayMS          int64   `json:"delay_ms"`
	Runs             int     `json:"runs"`
	MedianOverheadMS float64 `json:"median_overhead_ms"`
	MaxOverheadMS    float64 `json:"max_overhead_ms"`
	MaxPolls         int     `json:"max_polls"`
	TargetMS         float64 `json:"target_overhead_ms"`
}

// visibility creates one topic per run with visibility delay d.
func (h *harness) visibility(ctx context.Context, delays []time.Duration, runs int) ([]VisibilityRun, []VisibilitySummary, error) {
	dir := filepath.Join(h.tmp, "visibility")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	emu, err := tfbench.StartEmulator(ctx, dir, 0)
	if err != nil {
		return nil, nil, err
	}
	defer emu.Server.Close()
	var all []VisibilityRun
	var sums []VisibilitySummary
	for _, d := range delays {
		emu.Server.SetVisibilityDelay(d)
		var rs []VisibilityRun
		for i := 1; i <= runs; i++ {
			name := fmt.Sprintf("vis-d%d-r%d", d.Milliseconds(), i)
			run, err := tfbench.NewRunner(h.terraform, filepath.Join(dir, name), h.override, emu)
			if err != nil {
				return all, sums, err
			}
			if err := tfbench.WriteConfig(run.Dir, []tfbench.Topic{{Name: name, PartitionCount: 3, ReplicationFactor: 2}}); err != nil {
				return all, sums, err
			}
			before := emu.Server.Counters()
			mark := emu.Observer.Mark()
			res, err := run.Apply(ctx)
			if err != nil {
				return all, sums, err
			}
			if res.ExitCode != 0 {
				return all, sums, fmt.Errorf("visibility run D=%s #%d: %w", d, i, res.Err())
			}
			vr, err := measureVisibility(emu.Observer.Since(mark), name, d)
			if err != nil {
				return all, sums, err
			}
			vr.Run, vr.ApplyMS = i, float64(res.Duration.Microseconds())/1000
			vr.CounterGets = tfbench.Delta(before, emu.Server.Counters())[emulator.RouteTopicPartitions]
			h.log("  D=%-5s run %d: visible after %7.1f ms, overhead %6.1f ms, %d polls (apply %.1f s)",
				d, i, vr.VisibleAfterMS, vr.OverheadMS, vr.Polls, vr.ApplyMS/1000)
			rs = append(rs, vr)
		}
		all = append(all, rs...)
		sums = append(sums, summarize(d, rs))
	}
	return all, sums, nil
}

// measureVisibility finds, in the emulator's log, the creation of topic and
// the provider's GETs of it until the first successful one.
func measureVisibility(events []tfbench.Event, topic string, d time.Duration) (VisibilityRun, error) {
	vr := VisibilityRun{DelayMS: d.Milliseconds(), Topic: topic}
	var created time.Time
	for _, e := range events {
		if e.Topic != topic {
			continue
		}
		switch {
		case e.Created && created.IsZero():
			created = e.End
		case !created.IsZero() && e.Route == emulator.RouteTopicPartitions && !e.End.Before(created):
			vr.Polls++
			if e.Status == 200 {
				vr.VisibleAfterMS = float64(e.End.Sub(created).Microseconds()) / 1000
				vr.OverheadMS = vr.VisibleAfterMS - float64(d.Microseconds())/1000
				return vr, nil
			}
		}
	}
	if created.IsZero() {
		return vr, fmt.Errorf("topic %q: the emulator never logged its creation", topic)
	}
	return vr, fmt.Errorf("topic %q: no successful GET of the topic after its creation (%d polls)", topic, vr.Polls)
}

func summarize(d time.Duration, rs []VisibilityRun) VisibilitySummary {
	s := VisibilitySummary{DelayMS: d.Milliseconds(), Runs: len(rs), TargetMS: visibilityTargetMS(d)}
	over := make([]float64, 0, len(rs))
	for _, r := range rs {
		over = append(over, r.OverheadMS)
		s.MaxPolls = max(s.MaxPolls, r.Polls)
	}
	sort.Float64s(over)
	if len(over) > 0 {
		s.MedianOverheadMS = over[len(over)/2]
		s.MaxOverheadMS = slices.Max(over)
	}
	return s
}

// visibilityTargetMS is 250 ms + 10 % of D.
func visibilityTargetMS(d time.Duration) float64 {
	return 250 + 0.1*float64(d.Milliseconds())
}
