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
	outageFlag      = flag.Duration("soak.token-outage", 3*time.Second, "token endpoint outage at the start of the faulted apply")
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
	ov, err := tfbench.NewOverride(dir, bin)
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

		outage, err := env.emu.Server.Faults().AddChecked(emulator.Fault{Route: emulator.RouteToken, Kind: emulator.FaultStatus, Status: 503, RetryAfter: time.Second})
		if err != nil {
			t.Fatalf("adding the token outage: %v", err)
		}
		outageFired := make(chan int, 1)
		stopOutage := time.AfterFunc(*outageFlag, func() {
			fired := 0
			for _, f := range env.emu.Server.Faults().List() {
				if f.ID == outage {
					fired = f.Fired
				}
			}
			env.emu.Server.Faults().Remove(outage)
			outageFired <- fired
		})
		defer stopOutage.Stop()

		applyConverges(ctx, t, env.run)
		firedByKind := map[string]int{}
		for _, f := range env.emu.Server.Faults().List() {
			t.Logf("fault %s fired %d times", f.Fault, f.Fired)
			if f.ID != outage {
				firedByKind[fmt.Sprint(f.Fault.Kind, f.Fault.Status)] += f.Fired
			}
		}
		for kind, fired := range firedByKind {
			if fired == 0 {
				t.Errorf("no fault of kind %s fired: the soak proved nothing about it (change -soak.seed or raise -soak.topics)", kind)
			}
		}
		select {
		case fired := <-outageFired:
			t.Logf("token endpoint outage of %s answered %d token requests with 503", *outageFlag, fired)
			if fired == 0 {
				t.Errorf("the token endpoint outage never hit a token request")
			}
		default:
			t.Errorf("the apply ended before the token outage of %s was over; the outage was not exercised fully", *outageFlag)
		}
		checkTopics(ctx, t, env, mark, first)
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
		res2, err := env.run.Apply(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res2.ExitCode != 0 {
			t.Logf("output of the interrupted apply (tail):\n%s", res.Tail(40))
			t.Fatalf("the apply after the interrupted one did not converge: %v", res2.Err())
		}
		checkTopics(ctx, t, env, mark, second)
		planEmpty(ctx, t, env.run)
	})
}

// applyConverges runs apply; one more apply is allowed when the first fails.
func applyConverges(ctx context.Context, t *testing.T, run *tfbench.Runner) {
	t.Helper()
	res, err := run.Apply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("apply: exit %d after %s", res.ExitCode, res.Duration.Round(time.Millisecond))
	if res.ExitCode == 0 {
		return
	}
	t.Logf("first apply failed, applying once more:\n%s", res.Tail(30))
	res, err = run.Apply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.ExitCode != 0 {
		t.Fatalf("the second apply did not converge either: %v", res.Err())
	}
	t.Logf("second apply: exit 0 after %s", res.Duration.Round(time.Millisecond))
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

// checkTopics verifies the backend and that every topic was created exactly
// once since mark (and nothing else was created).
func checkTopics(ctx context.Context, t *testing.T, env soakEnv, mark int64, topics []tfbench.Topic) {
	t.Helper()
	problems, err := tfbench.CheckBackend(ctx, env.emu.Server.Backend().Admin(), topics)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
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
