package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator"
)

// Results is what results.json holds.
type Results struct {
	Machine         Machine             `json:"machine"`
	Baseline        string              `json:"baseline_revision,omitempty"`
	Scale           []PhaseResult       `json:"scale"`
	Wait            []WaitVariant       `json:"wait_for_visibility"`
	Visibility      []VisibilityRun     `json:"visibility_runs"`
	VisibilitySum   []VisibilitySummary `json:"visibility"`
	Targets         []Target            `json:"targets"`
	TotalWallS      float64             `json:"total_wall_s"`
	Notes           []string            `json:"notes"`
	BigRun          bool                `json:"big"`
	SampleIntervalM int64               `json:"rss_sample_interval_ms"`
}

// Target is one measured value next to its target.
type Target struct {
	Name     string `json:"name"`
	Target   string `json:"target"`
	Measured string `json:"measured"`
	Pass     bool   `json:"pass"`
}

func (t Target) verdict() string {
	if t.Pass {
		return "PASS"
	}
	return "MISS"
}

// fewRequests is how many list/broker requests "a few" allows next to the
// per-topic requests of a plan or an apply.
const fewRequests = 3

// targets evaluates every target against the results of the current provider.
func targets(r *Results) []Target {
	var out []Target
	for _, p := range r.Scale {
		if p.Provider != providerCurrent {
			continue
		}
		tag := fmt.Sprintf("N=%d, +%d ms", p.Topics, p.LatencyMS)
		perTopic := p.Requests[emulator.RouteTopicPartitions]
		others := p.APIRequests - perTopic - p.Requests[emulator.RouteCreateTopic]
		if p.Phase == "plan" {
			out = append(out, Target{
				Name:     "plan: API requests (" + tag + ")",
				Target:   fmt.Sprintf("exactly 1 per managed topic (%d) + at most %d list/broker requests", p.Topics, fewRequests),
				Measured: fmt.Sprintf("%d requests (%s)", p.APIRequests, routes(apiOnly(p.Requests))),
				Pass:     perTopic == int64(p.Topics) && p.Requests[emulator.RouteCreateTopic] == 0 && others <= fewRequests,
			})
			out = append(out, Target{
				Name:     "plan: empty after apply (" + tag + ")",
				Target:   "plan -detailed-exitcode = 0",
				Measured: fmt.Sprintf("exit %d", p.ExitCode),
				Pass:     p.ExitCode == 0,
			})
			if p.Topics >= 500 && p.LatencyMS == 0 {
				msPerTopic := 1000 * p.ProviderCPUS / float64(p.Topics)
				out = append(out, Target{
					Name:     "plan: provider CPU per topic (" + tag + ")",
					Target:   "at most 2 ms",
					Measured: fmt.Sprintf("%.2f ms (%.2f s over %d processes, median of %d plans)", msPerTopic, p.ProviderCPUS, p.CPUMeasuredProcesses, p.Runs),
					Pass:     p.ProviderCPUS >= 0 && msPerTopic <= 2,
				})
			}
		} else {
			out = append(out, Target{
				Name: "apply: API requests for new topics (" + tag + ")",
				// terraform apply plans in one provider process and applies in another: each takes
				// one topic list and one broker count for the plan-time checks.
				Target: fmt.Sprintf("at most %d PUTs + visibility polls (1 per topic when visible at once) + 2 list/broker requests per provider process that made requests",
					p.Topics),
				Measured: fmt.Sprintf("%d requests (%s) from %d processes", p.APIRequests, routes(apiOnly(p.Requests)), p.ProcessesWithRequests),
				Pass: p.Requests[emulator.RouteCreateTopic] <= int64(p.Topics) && perTopic <= int64(p.Topics) &&
					others <= int64(2*max(p.ProcessesWithRequests, 1)),
			})
		}
		out = append(out, Target{
			Name:   fmt.Sprintf("%s: token requests per provider process (%s)", p.Phase, tag),
			Target: "at most 1",
			Measured: fmt.Sprintf("max %d per process; %d token requests, %d processes started, %d made requests, %d unattributed",
				p.MaxTokensPerProcess, p.TokenRequests, p.ProviderProcesses, p.ProcessesWithRequests, p.UnattributedTokens),
			// A token request whose connection closed between two samples cannot be
			// attributed; then the total must not exceed the processes that made
			// requests (at least one, since a token request was made).
			Pass: p.MaxTokensPerProcess <= 1 &&
				(p.UnattributedTokens == 0 || p.TokenRequests <= int64(max(p.ProcessesWithRequests, 1))),
		})
		rssTarget, rssText := 150.0, "< 150 MB"
		if p.Phase == "plan" && p.Topics >= 1000 {
			rssTarget, rssText = 80, "at most 80 MB at 1000 topics"
		} else if p.Phase == "plan" && p.Topics >= 500 {
			rssTarget, rssText = 50, "at most 50 MB at 500 topics"
		}
		out = append(out, Target{
			Name:     fmt.Sprintf("%s: provider peak RSS (%s)", p.Phase, tag),
			Target:   rssText,
			Measured: fmt.Sprintf("%.1f MB", p.PeakRSSMB),
			Pass:     p.PeakRSSMB > 0 && p.PeakRSSMB <= rssTarget,
		})
	}
	for _, v := range r.Wait {
		if v.TargetApplyWallMS == 0 {
			continue
		}
		tag := fmt.Sprintf("%d topics, D = %s, %s", v.Topics, msString(v.DelayMS), v.Name)
		out = append(out,
			Target{
				Name:     "apply wall time (" + tag + ")",
				Target:   fmt.Sprintf("at most D + 3 s = %.0f s", v.TargetApplyWallMS/1000),
				Measured: fmt.Sprintf("%.2f s", v.ApplyWallMS/1000),
				Pass:     v.ApplyWallMS <= v.TargetApplyWallMS,
			},
			Target{
				Name:     "plan right after the apply keeps the state (" + tag + ")",
				Target:   fmt.Sprintf("%d resources in the refreshed state", v.Topics),
				Measured: fmt.Sprintf("%d resources, plan exit %d, started %.0f ms after the apply", v.EarlyPlanInState, v.EarlyPlanExit, v.EarlyPlanAfterMS),
				Pass:     v.EarlyPlanInState == v.Topics && (v.EarlyPlanExit == 0 || v.EarlyPlanExit == 2),
			},
			Target{
				Name:     "plan after D is empty (" + tag + ")",
				Target:   "plan -detailed-exitcode = 0",
				Measured: fmt.Sprintf("exit %d", v.LatePlanExit),
				Pass:     v.LatePlanExit == 0,
			})
	}
	for _, s := range r.VisibilitySum {
		out = append(out, Target{
			Name:     fmt.Sprintf("visibility overhead, D = %s (%d runs)", msString(s.DelayMS), s.Runs),
			Target:   fmt.Sprintf("< %.0f ms (250 ms + 10%% of D), <= 15 polls", s.TargetMS),
			Measured: fmt.Sprintf("median %.1f ms, max %.1f ms, max %d polls", s.MedianOverheadMS, s.MaxOverheadMS, s.MaxPolls),
			Pass:     s.MaxOverheadMS < s.TargetMS && s.MaxPolls <= 15,
		})
	}
	return out
}

func msString(ms int64) string {
	if ms%1000 == 0 {
		return fmt.Sprintf("%d s", ms/1000)
	}
	return fmt.Sprintf("%d ms", ms)
}

// apiOnly drops the token endpoint from per-route counts.
func apiOnly(m map[string]int64) map[string]int64 {
	out := make(map[string]int64, len(m))
	for k, v := range m {
		if k != emulator.RouteToken {
			out[k] = v
		}
	}
	return out
}

// routes renders the non-zero per-route counts in route order.
func routes(m map[string]int64) string {
	var parts []string
	for _, r := range emulator.RouteNames() {
		if m[r] != 0 {
			parts = append(parts, fmt.Sprintf("%s %d", r, m[r]))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// markdown renders results.md.
func markdown(r *Results) string {
	var b strings.Builder
	b.WriteString("# Benchmark results\n\n")
	b.WriteString("Generated by `make bench` (`go run ./bench`): the real `terraform` CLI with the built provider against the\n")
	b.WriteString("in-process emulator (embedded 3-broker cluster), default parallelism, settings through environment\n")
	b.WriteString("variables. Request counts come from the emulator's per-route counters; the visibility wait is measured\n")
	b.WriteString("from the emulator's side (topic created in the backend → first successful GET of the topic by the provider).\n\n")
	m := r.Machine
	b.WriteString("## Machine\n\n")
	fmt.Fprintf(&b, "| | |\n|---|---|\n| date | %s |\n| nproc | %d |\n| memory | %s |\n| CPU | %s |\n| kernel | %s |\n| go | %s |\n| terraform | %s |\n| load average at start, at end (1, 5, 15 min) | %s; %s |\n| total run time | %.0f s |\n\n",
		m.Date, m.NProc, m.Memory, m.CPU, m.Kernel, m.GoVersion, m.Terraform, m.LoadStart, m.LoadEnd, r.TotalWallS)

	b.WriteString("## Targets\n\n| | target | measured | result |\n|---|---|---|---|\n")
	for _, t := range r.Targets {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", t.Name, t.Target, t.Measured, t.verdict())
	}

	b.WriteString("\n## Apply and plan at scale\n\n")
	b.WriteString("Each topic: 3 partitions, replication factor 2, one topic property. Added latency is per API request\n")
	b.WriteString("(emulator latency fault on every API route). Provider CPU is user + system time summed over the phase's\n")
	fmt.Fprintf(&b, "provider processes (GNU time); peak RSS is the largest over them (GNU time, and VmHWM sampled every %d ms).\n", r.SampleIntervalM)
	b.WriteString("A plan row is the median of its runs (wall time, CPU and RSS separately); requests are the first run's.\n")
	if r.Baseline != "" {
		fmt.Fprintf(&b, "Rows labelled baseline ran the provider built from revision `%s` in the same run, right after the current one.\n", r.Baseline)
	}
	b.WriteString("\n| provider | topics | added latency | phase | runs | wall time | provider CPU | CPU per topic | API requests | requests per route | token requests | provider processes (with requests) | peak RSS |\n")
	b.WriteString("|---|---:|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|\n")
	for _, p := range r.Scale {
		fmt.Fprintf(&b, "| %s | %d | %d ms | %s | %d | %.2f s | %s | %s | %d | %s | %d | %d (%d) | %.1f MB |\n",
			p.Provider, p.Topics, p.LatencyMS, p.Phase, p.Runs, p.WallMS/1000, cpuString(p.ProviderCPUS), cpuPerTopic(p),
			p.APIRequests, routes(p.Requests), p.TokenRequests, p.ProviderProcesses, p.ProcessesWithRequests, p.PeakRSSMB)
	}
	if r.Baseline != "" {
		b.WriteString("\n### Before and after\n\n")
		fmt.Fprintf(&b, "Baseline = revision `%s`, current = the working tree; same run, same machine, no added latency.\n\n", r.Baseline)
		b.WriteString("| topics | phase | wall time (baseline → current) | provider CPU (baseline → current) | peak RSS (baseline → current) |\n|---:|---|---|---|---|\n")
		for _, cur := range r.Scale {
			if cur.Provider != providerCurrent || cur.LatencyMS != 0 {
				continue
			}
			for _, base := range r.Scale {
				if base.Provider == providerBase && base.Topics == cur.Topics && base.Phase == cur.Phase && base.LatencyMS == 0 {
					fmt.Fprintf(&b, "| %d | %s | %.2f s → %.2f s | %s → %s | %.1f MB → %.1f MB |\n",
						cur.Topics, cur.Phase, base.WallMS/1000, cur.WallMS/1000, cpuString(base.ProviderCPUS), cpuString(cur.ProviderCPUS), base.PeakRSSMB, cur.PeakRSSMB)
				}
			}
		}
	}

	if len(r.Wait) > 0 {
		b.WriteString("\n## Apply with a visibility delay\n\n")
		b.WriteString("New topics (3 partitions, replication factor 2) applied while the emulator delays their visibility by D;\n")
		b.WriteString("then a plan right away (the resources of its refreshed state are counted) and a plan once D has passed.\n")
		b.WriteString("One run per variant. `wait_for_visibility = false` is set through HDIKAFKA_WAIT_FOR_VISIBILITY=false.\n\n")
		b.WriteString("| variant | topics | D | apply wall time | provider CPU | apply requests per route | plan right after: exit, resources in state | plan after D: exit |\n|---|---:|---:|---:|---:|---|---|---:|\n")
		for _, v := range r.Wait {
			fmt.Fprintf(&b, "| %s | %d | %s | %.2f s | %s | %s | %d, %d | %d |\n", v.Name, v.Topics, msString(v.DelayMS), v.ApplyWallMS/1000,
				cpuString(v.ApplyCPUS), routes(v.ApplyRequests), v.EarlyPlanExit, v.EarlyPlanInState, v.LatePlanExit)
		}
	}

	b.WriteString("\n## Visibility wait\n\n")
	b.WriteString("One topic per run, created with `terraform apply` while the emulator delays visibility by D.\n")
	b.WriteString("Overhead = (first successful GET of the topic − creation in the backend) − D; polls = GETs of the topic\n")
	b.WriteString("after its creation, the successful one included.\n\n")
	b.WriteString("| D | runs | median overhead | max overhead | target | max polls | apply wall time (per run) |\n|---:|---:|---:|---:|---:|---:|---|\n")
	for _, s := range r.VisibilitySum {
		var walls []string
		for _, v := range r.Visibility {
			if v.DelayMS == s.DelayMS {
				walls = append(walls, fmt.Sprintf("%.2f s", v.ApplyMS/1000))
			}
		}
		fmt.Fprintf(&b, "| %s | %d | %.1f ms | %.1f ms | < %.0f ms | %d | %s |\n",
			msString(s.DelayMS), s.Runs, s.MedianOverheadMS, s.MaxOverheadMS, s.TargetMS, s.MaxPolls, strings.Join(walls, ", "))
	}
	if len(r.Notes) > 0 {
		b.WriteString("\n## Notes\n\n")
		for _, n := range r.Notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	return b.String()
}

func cpuString(s float64) string {
	if s < 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f s", s)
}

func cpuPerTopic(p PhaseResult) string {
	if p.ProviderCPUS < 0 || p.Topics == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f ms", 1000*p.ProviderCPUS/float64(p.Topics))
}

// write stores results.md and results.json in dir.
func write(dir string, r *Results) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding results: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "results.json"), append(js, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing results.json: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "results.md"), []byte(markdown(r)), 0o644); err != nil {
		return fmt.Errorf("writing results.md: %w", err)
	}
	return nil
}

// printTargets prints every target with PASS/MISS.
func printTargets(ts []Target) (misses int) {
	fmt.Println("\nTargets:")
	for _, t := range ts {
		fmt.Printf("  %-4s %s: %s (target %s)\n", t.verdict(), t.Name, t.Measured, t.Target)
		if !t.Pass {
			misses++
		}
	}
	return misses
}
