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
	override  *tfbench.Override // the provider built from the working tree
	baseline  *tfbench.Override // the provider built from -baseline REF; nil without it
	baseRef   string
	log       func(format string, args ...any)
}

// Provider labels of PhaseResult.Provider.
const (
	providerCurrent = "current"
	providerBase    = "baseline"
)

// PhaseResult is one terraform command of a scenario (for a plan repeated
// -plan-runs times: the median of each measure, the requests of the first run).
type PhaseResult struct {
	Provider              string           `json:"provider"` // current | baseline
	Phase                 string           `json:"phase"`    // apply | plan
	Topics                int              `json:"topics"`
	LatencyMS             int              `json:"added_latency_ms"`
	Runs                  int              `json:"runs"`
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
	ProviderCPUS          float64          `json:"provider_cpu_s"` // user + system over the phase's provider processes; -1 = not measured
	CPUMeasuredProcesses  int              `json:"provider_cpu_processes"`
}

// scale runs apply then plan (planRuns times) with n topics on a fresh
// emulator, with the provider of ov.
func (h *harness) scale(ctx context.Context, ov *tfbench.Override, label string, n int, latency time.Duration, planRuns int) ([]PhaseResult, error) {
	dir := filepath.Join(h.tmp, fmt.Sprintf("scale-%s-%d-lat%d", label, n, latency.Milliseconds()))
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
	run, err := tfbench.NewRunner(h.terraform, filepath.Join(dir, "work"), ov, emu)
	if err != nil {
		return nil, err
	}
	topics := tfbench.Topics(fmt.Sprintf("bench-n%d", n), n, 3, 2, map[string]string{"retention.ms": "86400000"})
	if err := tfbench.WriteConfig(run.Dir, topics); err != nil {
		return nil, err
	}
	var out []PhaseResult
	for _, phase := range []string{"apply", "plan"} {
		runs := 1
		if phase == "plan" {
			runs = planRuns
		}
		var prs []PhaseResult
		for range runs {
			pr, res, err := h.phase(ctx, ov, emu, run, phase)
			if err != nil {
				return out, err
			}
			if res.ExitCode != 0 {
				return out, fmt.Errorf("benchmark (%s provider) with %d topics and %s added latency: %w", label, n, latency, res.Err())
			}
			prs = append(prs, pr)
		}
		pr := medianPhase(prs)
		pr.Provider, pr.Topics, pr.LatencyMS = label, n, int(latency.Milliseconds())
		h.log("  %-8s N=%-5d latency=%-4s %-5s %8.2f s  cpu=%5.2f s  api=%-6d token=%d procs=%d rss=%.1f MB (median of %d)",
			label, n, latency, phase, pr.WallMS/1000, pr.ProviderCPUS, pr.APIRequests, pr.TokenRequests, pr.ProviderProcesses, pr.PeakRSSMB, pr.Runs)
		out = append(out, pr)
	}
	return out, nil
}

// medianPhase returns the first run with wall time, CPU and peak RSS replaced
// by their medians over all runs.
func medianPhase(prs []PhaseResult) PhaseResult {
	out := prs[0]
	out.Runs = len(prs)
	med := func(get func(PhaseResult) float64) float64 {
		v := make([]float64, len(prs))
		for i, p := range prs {
			v[i] = get(p)
		}
		sort.Float64s(v)
		return v[len(v)/2]
	}
	out.WallMS = med(func(p PhaseResult) float64 { return p.WallMS })
	out.ProviderCPUS = med(func(p PhaseResult) float64 { return p.ProviderCPUS })
	out.PeakRSSMB = med(func(p PhaseResult) float64 { return p.PeakRSSMB })
	return out
}

// phase runs one terraform command (apply, plan, or any argument list) and measures it.
func (h *harness) phase(ctx context.Context, ov *tfbench.Override, emu *tfbench.Emulator, run *tfbench.Runner, phase string, args ...string) (PhaseResult, tfbench.Result, error) {
	before := emu.Server.Counters()
	mark := emu.Observer.Mark()
	watch, err := tfbench.WatchProviders(ov, emu.Server.URL(), sampleInterval)
	if err != nil {
		return PhaseResult{}, tfbench.Result{}, err
	}
	var res tfbench.Result
	switch {
	case len(args) > 0:
		res, err = run.Run(ctx, args...)
	case phase == "apply":
		res, err = run.Apply(ctx)
	default:
		res, err = run.Plan(ctx)
	}
	stats := watch.Stop()
	if err != nil {
		return PhaseResult{}, res, err
	}
	delta := tfbench.Delta(before, emu.Server.Counters())
	pr := PhaseResult{
		Phase:                phase,
		Runs:                 1,
		WallMS:               float64(res.Duration.Microseconds()) / 1000,
		ExitCode:             res.ExitCode,
		Requests:             delta,
		APIRequests:          tfbench.APIRequests(delta),
		TokenRequests:        delta[emulator.RouteToken],
		ProviderProcesses:    len(stats.PIDs),
		PeakRSSMB:            float64(stats.PeakRSS) / (1 << 20),
		ProviderCPUS:         stats.CPUSeconds,
		CPUMeasuredProcesses: stats.Measured,
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

// WaitVariant is one apply of many new topics while the proxy delays their
// visibility by D, then the checks of issue 10: a plan right after the apply
// (before D) keeps every topic in the state, and a plan after D is empty.
type WaitVariant struct {
	Name              string           `json:"name"`
	Env               []string         `json:"env,omitempty"`
	Args              []string         `json:"args,omitempty"`
	Topics            int              `json:"topics"`
	DelayMS           int64            `json:"delay_ms"`
	ApplyWallMS       float64          `json:"apply_wall_ms"`
	ApplyCPUS         float64          `json:"apply_provider_cpu_s"`
	ApplyRequests     map[string]int64 `json:"apply_requests"`
	EarlyPlanExit     int              `json:"early_plan_exit"`      // plan -detailed-exitcode right after the apply
	EarlyPlanInState  int              `json:"early_plan_resources"` // resources in that plan's refreshed state
	EarlyPlanAfterMS  float64          `json:"early_plan_started_after_apply_ms"`
	LatePlanExit      int              `json:"late_plan_exit"` // plan -detailed-exitcode once D has passed
	TargetApplyWallMS float64          `json:"target_apply_wall_ms,omitempty"`
}

// waitVariants are the three applies of issue 10, item 5.
func waitVariants() []WaitVariant {
	return []WaitVariant{
		{Name: "wait_for_visibility = true (default)"},
		{Name: "wait_for_visibility = false", Env: []string{"HDIKAFKA_WAIT_FOR_VISIBILITY=false"}},
		{Name: "wait_for_visibility = true, -parallelism=50", Args: []string{"-parallelism=50"}},
	}
}

// waitScenario runs every wait variant with n new topics at visibility delay d,
// each in its own working directory against one emulator.
func (h *harness) waitScenario(ctx context.Context, n int, d time.Duration) ([]WaitVariant, error) {
	dir := filepath.Join(h.tmp, "wait")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	emu, err := tfbench.StartEmulator(ctx, dir, d)
	if err != nil {
		return nil, err
	}
	defer emu.Server.Close()
	var out []WaitVariant
	for i, v := range waitVariants() {
		v.Topics, v.DelayMS = n, d.Milliseconds()
		if len(v.Env) > 0 {
			v.TargetApplyWallMS = float64((d + 3*time.Second).Milliseconds())
		}
		base, err := tfbench.NewRunner(h.terraform, filepath.Join(dir, fmt.Sprintf("v%d", i+1)), h.override, emu)
		if err != nil {
			return out, err
		}
		run := base.WithEnv(v.Env...)
		if err := tfbench.WriteConfig(run.Dir, tfbench.Topics(fmt.Sprintf("wait-v%d", i+1), n, 3, 2, nil)); err != nil {
			return out, err
		}
		args := append([]string{"apply", "-auto-approve", "-input=false"}, v.Args...)
		pr, res, err := h.phase(ctx, h.override, emu, run, "apply", args...)
		if err != nil {
			return out, err
		}
		if res.ExitCode != 0 {
			return out, fmt.Errorf("wait variant %q: %w", v.Name, res.Err())
		}
		applied := time.Now()
		v.ApplyWallMS, v.ApplyCPUS, v.ApplyRequests = pr.WallMS, pr.ProviderCPUS, pr.Requests

		planFile := filepath.Join(run.Dir, "early.tfplan")
		v.EarlyPlanAfterMS = float64(time.Since(applied).Microseconds()) / 1000
		early, err := run.Run(ctx, "plan", "-detailed-exitcode", "-input=false", "-out="+planFile)
		if err != nil {
			return out, err
		}
		v.EarlyPlanExit = early.ExitCode
		if early.ExitCode == 0 || early.ExitCode == 2 {
			if v.EarlyPlanInState, err = run.StateResources(ctx, planFile); err != nil {
				return out, err
			}
		}
		if wait := d + 500*time.Millisecond - time.Since(applied); wait > 0 {
			select {
			case <-ctx.Done():
				return out, ctx.Err()
			case <-time.After(wait):
			}
		}
		late, err := run.Plan(ctx)
		if err != nil {
			return out, err
		}
		v.LatePlanExit = late.ExitCode
		h.log("  %-45s apply %6.2f s cpu=%5.2f s (%s) | plan right after: exit %d, %d/%d in state | plan after D: exit %d",
			v.Name, v.ApplyWallMS/1000, v.ApplyCPUS, routes(apiOnly(v.ApplyRequests)), v.EarlyPlanExit, v.EarlyPlanInState, n, v.LatePlanExit)
		out = append(out, v)
	}
	return out, nil
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
