// Package soak applies many topics with the real terraform CLI while the
// emulator injects faults, and checks that the result converges: every topic
// exists exactly as configured, none is created twice, the follow-up plan is
// empty, and an apply interrupted half-way is finished by the next one.
//
//	go test ./bench/soak -run TestSoak                      # small (make test)
//	go test ./bench/soak -run TestSoak -soak.topics=200 -v  # full (make soak)
package soak

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/hdikafka/terraform-provider-hdikafka/bench/internal/tfbench"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator"
)

var (
	topicsFlag      = flag.Int("soak.topics", 30, "topics applied under faults (the interrupted apply adds as many again)")
	seedFlag        = flag.Int64("soak.seed", 20261126, "seed of the fault sequences")
	outageFlag      = flag.Int("soak.token-outage", 3, "token requests refused with 503 (Retry-After 1s) from the first one of the faulted apply on: the token endpoint outage")
	interruptVisDel = flag.Duration("soak.interrupt-visibility", 500*time.Millisecond, "visibility delay during the interrupted apply, so that creates are in flight when SIGINT arrives")
)

// soakFaults are the random API faults of the soak, each with its own seed.
// The one-shot create-then-fail makes sure the small soak sees that fault at
// least once (2 % of a few dozen creates may never fire).
func soakFaults(seed int64) []emulator.Fault {
	return []emulator.Fault{
		{Route: emulator.RouteCreateTopic, Kind: emulator.FaultCreateThenFail, Count: 1},
		{Route: emulator.RouteAll, Kind: emulator.FaultStatus, Status: 503, Rate: 0.10, Seed: seed + 1},
		{Route: emulator.RouteAll, Kind: emulator.FaultStatus, Status: 429, RetryAfter: time.Second, Rate: 0.05, Seed: seed + 2},
		{Route: emulator.RouteAll, Kind: emulator.FaultReset, Rate: 0.02, Seed: seed + 3},
		{Route: emulator.RouteCreateTopic, Kind: emulator.FaultCreateThenFail, Rate: 0.02, Seed: seed + 4},
	}
}

// soakTopics returns n topics of varied shapes.
func soakTopics(prefix string, n int) []tfbench.Topic {
	out := make([]tfbench.Topic, n)
	for i := range out {
		t := tfbench.Topic{Name: fmt.Sprintf("%s-%04d", prefix, i+1), PartitionCount: 1 + i%4, ReplicationFactor: 1 + i%3}
		if i%2 == 0 {
			t.Properties = map[string]string{"retention.ms": fmt.Sprint(3600000 * (1 + i%24))}
		}
		if i%5 == 0 {
			t.Properties = map[string]string{"cleanup.policy": "compact", "min.insync.replicas": "1"}
		}
		out[i] = t
	}
	return out
}

type soakEnv struct {
	emu *tfbench.Emulator
	run *tfbench.Runner
}

func setup(t *testing.T) soakEnv {
	t.Helper()
	if *topicsFlag < 2 {
		t.Fatalf("-soak.topics must be at least 2, got %d", *topicsFlag)
	}
	terraform, err := tfbench.Terraform()
	if err != nil {
		t.Fatal(err) // a missing terraform fails loudly: the soak is part of make test
	}
	root, err := tfbench.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	dir := t.TempDir()
	bin, err := tfbench.BuildProvider(ctx, root, filepath.Join(dir, "bin"))
	if err != nil {
		t.Fatal(err)
	}
	ov, err := tfbench.NewOverride(dir, bin, false)
	if err != nil {
		t.Fatal(err)
	}
	emu, err := tfbench.StartEmulator(ctx, dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = emu.Server.Close() })
	run, err := tfbench.NewRunner(terraform, filepath.Join(dir, "work"), ov, emu)
	if err != nil {
		t.Fatal(err)
	}
	return soakEnv{emu: emu, run: run}
}

func TestSoak(t *testing.T) {
	env := setup(t)
	ctx := t.Context()
	n := *topicsFlag
	first := soakTopics("soak-a", n)

	t.Run("apply under faults", func(t *testing.T) {
		for _, f := range soakFaults(*seedFlag) {
			if _, err := env.emu.Server.Faults().AddChecked(f); err != nil {
				t.Fatalf("adding fault %s: %v", f, err)
			}
		}
		defer env.emu.Server.Faults().Clear()
		mustWriteConfig(t, env.run.Dir, first)
		mark := env.emu.Observer.Mark()

		// The outage is count-based, so it starts with the first token request whenever that
		// comes and cannot miss it: the first -soak.token-outage token requests get a 503.
		if *outageFlag < 1 {
			t.Fatalf("-soak.token-outage must be at least 1, got %d", *outageFlag)
		}
		outage, err := env.emu.Server.Faults().AddChecked(emulator.Fault{
			Route: emulator.RouteToken, Kind: emulator.FaultStatus, Status: 503, RetryAfter: time.Second, Count: *outageFlag,
		})
		if err != nil {
			t.Fatalf("adding the token outage: %v", err)
		}

		retryMark := applyConverges(ctx, t, env.run, env.emu.Observer)
		firedByKind := map[string]int{}
		outageFired := -1
		for _, f := range env.emu.Server.Faults().List() {
			t.Logf("fault %s fired %d times", f.Fault, f.Fired)
			if f.ID == outage {
				outageFired = f.Fired
				continue
			}
			firedByKind[fmt.Sprint(f.Fault.Kind, f.Fault.Status)] += f.Fired
		}
		for kind, fired := range firedByKind {
			if fired == 0 {
				t.Errorf("no fault of kind %s fired: the soak proved nothing about it (change -soak.seed or raise -soak.topics)", kind)
			}
		}
		// Every token request is refused until the count is used up, so a converged apply
		// saw the whole outage.
		t.Logf("token endpoint outage: %d token requests answered with 503", outageFired)
		if outageFired < 1 || outageFired != *outageFlag {
			t.Errorf("the token endpoint outage refused %d token requests, want %d (at least one)", outageFired, *outageFlag)
		}
		checkTopics(ctx, t, env, mark, first, retryMark)
		planEmpty(ctx, t, env.run) // with the API faults still active
	})
	if t.Failed() {
		return
	}

	t.Run("apply interrupted half-way", func(t *testing.T) {
		second := soakTopics("soak-b", n)
		all := append(append([]tfbench.Topic(nil), first...), second...)
		mustWriteConfig(t, env.run.Dir, all)
		env.emu.Server.SetVisibilityDelay(*interruptVisDel)
		defer env.emu.Server.SetVisibilityDelay(0)
		mark := env.emu.Observer.Mark()

		running, err := env.run.Start(ctx, "apply", "-auto-approve", "-input=false")
		if err != nil {
			t.Fatal(err)
		}
		half := len(second) / 2
		interrupted := waitForCreations(t, env.emu.Observer, mark, half, running)
		if interrupted {
			if err := running.Interrupt(); err != nil {
				t.Fatalf("sending SIGINT to terraform: %v", err)
			}
		}
		res := running.Wait()
		created := len(env.emu.Observer.Creations(mark))
		t.Logf("interrupted apply: SIGINT sent=%v after %d creations; exit %d after %s; %d of %d topics created when it ended",
			interrupted, half, res.ExitCode, res.Duration.Round(time.Millisecond), created, len(second))
		if !interrupted {
			t.Fatalf("the apply ended before %d of %d new topics were created, so it could not be interrupted half-way:\n%s", half, len(second), res.Tail(30))
		}
		if created >= len(second) {
			t.Logf("note: every topic was created before the apply stopped; the interrupt came too late to leave work undone")
		}

		env.emu.Server.SetVisibilityDelay(0)
		secondMark := env.emu.Observer.Mark()
		res2, err := env.run.Apply(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res2.ExitCode != 0 {
			t.Logf("output of the interrupted apply (tail):\n%s", res.Tail(40))
			t.Fatalf("the apply after the interrupted one did not converge: %v", res2.Err())
		}
		checkTopics(ctx, t, env, mark, second, secondMark)
		planEmpty(ctx, t, env.run)
	})
}

// applyConverges runs apply; one more apply is allowed when the first fails.
// It returns the observer mark taken before the second apply (-1 when the
// first converged): a failed apply is a cause for the next one to re-PUT.
func applyConverges(ctx context.Context, t *testing.T, run *tfbench.Runner, obs *tfbench.Observer) int64 {
	t.Helper()
	res, err := run.Apply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("apply: exit %d after %s", res.ExitCode, res.Duration.Round(time.Millisecond))
	if res.ExitCode == 0 {
		return -1
	}
	t.Logf("first apply failed, applying once more:\n%s", res.Tail(30))
	mark := obs.Mark()
	res, err = run.Apply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.ExitCode != 0 {
		t.Fatalf("the second apply did not converge either: %v", res.Err())
	}
	t.Logf("second apply: exit 0 after %s", res.Duration.Round(time.Millisecond))
	return mark
}

func planEmpty(ctx context.Context, t *testing.T, run *tfbench.Runner) {
	t.Helper()
	res, err := run.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.ExitCode != 0 {
		t.Fatalf("follow-up plan is not empty (plan -detailed-exitcode = %d, want 0):\n%s", res.ExitCode, res.Tail(40))
	}
}

// checkTopics verifies the backend, that every topic was created exactly
// once in the backend since mark (and nothing else was created), and that
// the provider never re-sent PUT /v1/topics/{t} without cause (see checkPuts).
// Events up to runBoundary (a mark, -1 for none) belong to an earlier
// terraform run that failed or was interrupted.
func checkTopics(ctx context.Context, t *testing.T, env soakEnv, mark int64, topics []tfbench.Topic, runBoundary int64) {
	t.Helper()
	problems, err := tfbench.CheckBackend(ctx, env.emu.Server.Backend().Admin(), topics)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	events := env.emu.Observer.Since(mark)
	creations := env.emu.Observer.Creations(mark)
	want := map[string]bool{}
	for _, tp := range topics {
		want[tp.Name] = true
		if c := creations[tp.Name]; c != 1 {
			t.Errorf("topic %q was created %d times in the backend, want exactly 1", tp.Name, c)
		}
	}
	var extra []string
	for name := range creations {
		if !want[name] {
			extra = append(extra, name)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		t.Errorf("topics created that are not in the configuration: %v", extra)
	}
	st := checkPuts(events, runBoundary)
	for _, p := range st.problems {
		t.Error(p)
	}
	t.Logf("PUT /v1/topics: %d requests, %d reached the handler, %d re-PUTs (each after a fault), %d answered 400 (already exists)",
		st.puts, st.handled, st.rePuts, st.exists)
}

// putStats summarises the create requests of a run.
type putStats struct {
	puts, handled, rePuts, exists int
	problems                      []string
}

// faulted reports whether a create answer leaves the outcome open, so that
// the provider may send the PUT again: a reset, a 429 or a 5xx (injected
// before the handler, or create-then-fail's 500 after the topic was created).
func faulted(status int) bool {
	return status == -1 || status == 429 || status >= 500
}

// reachedHandler reports whether a create request got past the injected
// before-faults: the handler answered 200, 400, or 500 for create-then-fail.
func reachedHandler(status int) bool {
	return status == 200 || status == 400 || status == 500
}

// checkPuts checks, per topic and in log order, that every PUT after the
// first follows a faulted PUT of that topic or a PUT of an earlier failed or
// interrupted run (Seq <= runBoundary), and that a 400 (already exists) only
// answers such a re-PUT: the provider never re-creates a topic without cause.
func checkPuts(events []tfbench.Event, runBoundary int64) putStats {
	var st putStats
	last := map[string]tfbench.Event{}
	for _, e := range events {
		if e.Created || e.Route != emulator.RouteCreateTopic || e.Method != http.MethodPut || e.Topic == "" {
			continue
		}
		st.puts++
		if reachedHandler(e.Status) {
			st.handled++
		}
		prev, again := last[e.Topic]
		last[e.Topic] = e
		if e.Status == http.StatusBadRequest {
			st.exists++
			if !again {
				st.problems = append(st.problems, fmt.Sprintf("topic %q: the first PUT was answered 400 (it existed before the provider created it)", e.Topic))
			}
		}
		if !again {
			continue
		}
		st.rePuts++
		if !faulted(prev.Status) && prev.Seq > runBoundary {
			st.problems = append(st.problems, fmt.Sprintf("topic %q: PUT sent again (answered %d) after a PUT answered %d in the same run: a re-create without cause",
				e.Topic, e.Status, prev.Status))
		}
	}
	return st
}

// waitForCreations waits until n topics were created since mark; false when
// terraform exited first.
func waitForCreations(t *testing.T, obs *tfbench.Observer, mark int64, n int, running *tfbench.Running) bool {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		if len(obs.Creations(mark)) >= n {
			return true
		}
		select {
		case <-running.Done():
			return len(obs.Creations(mark)) >= n
		case <-tick.C:
		}
	}
}

func mustWriteConfig(t *testing.T, dir string, topics []tfbench.Topic) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := tfbench.WriteConfig(dir, topics); err != nil {
		t.Fatal(err)
	}
}
