package kafkarest

import (
	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"

	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func partitionsReply(n int) http.HandlerFunc {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`{"partition_id":%d,"replicas":[{"id":1},{"id":2}]}`, i)
	}
	return jsonReply(200, `{"topic":"orders","partitions":[`+strings.Join(parts, ",")+`]}`)
}

func repeat(h http.HandlerFunc, n int) []http.HandlerFunc {
	hs := make([]http.HandlerFunc, n)
	for i := range hs {
		hs[i] = h
	}
	return hs
}

// fakeClock advances only when the client sleeps.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fakeClock) now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeClock) advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
}

func TestWaitForTopic(t *testing.T) {
	const path = "/v1/metadata/topics/orders/partitions"
	notFound := jsonReply(404, `{"error_code":404,"message":"Topic orders not found"}`)
	ms := time.Millisecond
	tests := []struct {
		name        string
		opts        WaitOptions
		script      []http.HandlerFunc
		cancelAfter int // cancel the context at this sleep (0 = never)
		wantPolls   int
		wantParts   int
		wantSleeps  []time.Duration // fixed jitter 0.5 → factor 0.975
		wantErr     []string
		wantErrIs   error
		wantForbid  bool
	}{
		{name: "404s then visible", script: []http.HandlerFunc{notFound, notFound, notFound, partitionsReply(3)},
			wantPolls: 4, wantParts: 3, wantSleeps: []time.Duration{100 * ms, 243750 * time.Microsecond, 267515625 * time.Nanosecond}},
		{name: "visible at once", script: []http.HandlerFunc{partitionsReply(1)}, wantPolls: 1, wantParts: 1, wantSleeps: []time.Duration{}},
		{name: "partitions grow until wanted", opts: WaitOptions{WantPartitions: 3},
			script:    []http.HandlerFunc{notFound, partitionsReply(1), partitionsReply(2), partitionsReply(6)},
			wantPolls: 4, wantParts: 6},
		{name: "interval capped at Max", opts: WaitOptions{Initial: 200 * ms, Max: 250 * ms},
			script:    []http.HandlerFunc{notFound, notFound, notFound, notFound, partitionsReply(1)},
			wantPolls: 5, wantParts: 1, wantSleeps: []time.Duration{200 * ms, 243750 * time.Microsecond, 243750 * time.Microsecond, 243750 * time.Microsecond}},
		{name: "transient error retried within a poll", script: []http.HandlerFunc{jsonReply(503, `{}`), partitionsReply(2)},
			wantPolls: 1, wantParts: 2},
		// MaxRetries is 3: polls 2 and 3 each exhaust 4 attempts on 503, poll 4 gets 2 more 503s, then 200.
		{name: "transient failures exhausting the retries do not end the wait",
			script:    append(append([]http.HandlerFunc{notFound}, repeat(jsonReply(503, `{}`), 10)...), partitionsReply(2)),
			wantPolls: 4, wantParts: 2},
		{name: "timeout during an outage reports the transient state", script: []http.HandlerFunc{notFound, jsonReply(503, `{}`)},
			cancelAfter: 12, wantPolls: 4, wantErrIs: context.Canceled,
			wantErr: []string{`topic "orders" did not become visible after 4 polls`, "last observed: HTTP 503 (transient)"}},
		{name: "non-transient error ends the wait", script: []http.HandlerFunc{notFound, jsonReply(403, `{}`)},
			wantPolls: 2, wantForbid: true, wantErr: []string{`waiting for topic "orders"`, "poll 2", "security group"}},
		{name: "timeout while invisible reports the last state", script: []http.HandlerFunc{notFound}, cancelAfter: 5,
			wantPolls: 5, wantErrIs: context.Canceled,
			wantErr: []string{`topic "orders" did not become visible after 5 polls`, "last observed: not visible yet (HTTP 404)"}},
		{name: "timeout with too few partitions reports the last state", opts: WaitOptions{WantPartitions: 3},
			script: []http.HandlerFunc{partitionsReply(1)}, cancelAfter: 3, wantPolls: 3, wantErrIs: context.Canceled,
			wantErr: []string{"visible with at least 3 partitions after 3 polls",
				"last observed: visible with 1 partitions (replication factor 2)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			e.client.now = clock.now
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			e.client.sleep = func(ctx context.Context, d time.Duration) error {
				clock.advance(d)
				return e.sleeps.sleep(ctx, d)
			}
			e.sleeps.hook = func(n int) {
				if n == tc.cancelAfter {
					cancel()
				}
			}
			e.srv.on(path, tc.script...)
			md, stats, err := e.client.WaitForTopic(ctx, "orders", tc.opts)
			if stats.Polls != tc.wantPolls {
				t.Errorf("Polls = %d, want %d", stats.Polls, tc.wantPolls)
			}
			var slept time.Duration
			for _, d := range e.sleeps.recorded() {
				slept += d
			}
			if stats.Elapsed != slept {
				t.Errorf("Elapsed = %v, want the fake clock's %v", stats.Elapsed, slept)
			}
			if tc.wantSleeps != nil {
				if got := e.sleeps.recorded(); fmt.Sprint(got) != fmt.Sprint(tc.wantSleeps) {
					t.Errorf("sleeps = %v, want %v", got, tc.wantSleeps)
				}
			}
			if len(tc.wantErr) == 0 {
				if err != nil {
					t.Fatalf("WaitForTopic: %v", err)
				}
				if md.PartitionCount() != tc.wantParts {
					t.Errorf("partitions = %d, want %d", md.PartitionCount(), tc.wantParts)
				}
				if !strings.HasPrefix(stats.Last, "visible with") {
					t.Errorf("Last = %q", stats.Last)
				}
				return
			}
			if err == nil || md != nil {
				t.Fatalf("WaitForTopic = %v, %v; want an error", md, err)
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %q, missing %q", err, w)
				}
			}
			if tc.wantErrIs != nil && !errors.Is(err, tc.wantErrIs) {
				t.Errorf("err = %v, want errors.Is %v", err, tc.wantErrIs)
			}
			if IsForbidden(err) != tc.wantForbid {
				t.Errorf("IsForbidden = %v, want %v", !tc.wantForbid, tc.wantForbid)
			}
		})
	}
}

func TestWaitForTopicExpiredContext(t *testing.T) {
	e := newEnv(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), -time.Second)
	defer cancel()
	_, stats, err := e.client.WaitForTopic(ctx, "orders", WaitOptions{})
	if !errors.Is(err, context.DeadlineExceeded) || stats.Polls != 0 || !strings.Contains(err.Error(), "last observed: not polled yet") {
		t.Fatalf("err = %v, polls = %d", err, stats.Polls)
	}
	if n := len(e.srv.requests()); n != 0 {
		t.Errorf("requests = %d, want 0", n)
	}
}

func TestWaitForTopicRealSleep(t *testing.T) {
	// The default sleep and jitter with tiny intervals: two 404s, then visible.
	e := newEnv(t, nil)
	e.client.sleep = retry.Sleep
	e.client.jitter = func() float64 { return 0.99 }
	e.srv.on("/v1/metadata/topics/orders/partitions", jsonReply(404, `{}`), jsonReply(404, `{}`), partitionsReply(1))
	md, stats, err := e.client.WaitForTopic(context.Background(), "orders", WaitOptions{Initial: time.Millisecond, Max: 2 * time.Millisecond})
	if err != nil || md.PartitionCount() != 1 || stats.Polls != 3 {
		t.Fatalf("WaitForTopic = %v, %+v, %v", md, stats, err)
	}
}

// TestWaitForTopicOverheadBound drives the waiter with a fake clock against a topic that becomes
// visible after a delay D, for worst-case jitter, and checks the promise the bench harness measures:
// the topic is seen at most 250 ms + 10 % of D after it became visible, in at most 15 polls
// (for D up to 5 s; beyond that the 2 s cap takes over and polls grow by one per 2 s).
func TestWaitForTopicOverheadBound(t *testing.T) {
	for _, jitter := range []float64{0, 0.999} {
		for _, d := range []time.Duration{0, 50 * time.Millisecond, 300 * time.Millisecond, time.Second,
			1700 * time.Millisecond, 3 * time.Second, 5 * time.Second} {
			t.Run(fmt.Sprintf("D=%v/jitter=%v", d, jitter), func(t *testing.T) {
				e := newEnv(t, nil)
				clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
				start := clock.now()
				e.client.now = clock.now
				e.client.jitter = func() float64 { return jitter }
				e.client.sleep = func(_ context.Context, d time.Duration) error { clock.advance(d); return nil }
				e.srv.on("/v1/metadata/topics/orders/partitions", func(w http.ResponseWriter, r *http.Request) {
					if clock.now().Sub(start) < d {
						jsonReply(404, `{}`)(w, r)
						return
					}
					partitionsReply(1)(w, r)
				})
				_, stats, err := e.client.WaitForTopic(context.Background(), "orders", WaitOptions{})
				if err != nil {
					t.Fatalf("WaitForTopic: %v", err)
				}
				overhead := stats.Elapsed - d
				if limit := 250*time.Millisecond + d/10; overhead > limit {
					t.Errorf("seen %v after becoming visible, want at most %v", overhead, limit)
				}
				if stats.Polls > 15 {
					t.Errorf("polls = %d, want at most 15", stats.Polls)
				}
			})
		}
	}
}
