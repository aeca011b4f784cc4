package emulator

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// onNode sends an authorized request that proxy node node serves.
func (e *testEnv) onNode(node int, method, path string, body any) response {
	e.t.Helper()
	e.srv.setNextNode(node)
	return e.do(method, path, body)
}

// nodeView returns what node answers: the listed topics, each with the
// partition count of its partitions route.
func (e *testEnv) nodeView(node int) map[string]int {
	e.t.Helper()
	r := e.onNode(node, http.MethodGet, "/v1/metadata/topics", nil)
	e.mustStatus(r, http.StatusOK, fmt.Sprintf("list topics on node %d", node))
	var l wireTopicList
	if err := json.Unmarshal(r.body, &l); err != nil {
		e.t.Fatalf("list topics body %s: %v", r.body, err)
	}
	out := map[string]int{}
	for _, name := range l.Topics {
		r := e.onNode(node, http.MethodGet, "/v1/metadata/topics/"+name+"/partitions", nil)
		e.mustStatus(r, http.StatusOK, fmt.Sprintf("partitions of listed topic %s on node %d", name, node))
		var tm wireTopicMetadata
		if err := json.Unmarshal(r.body, &tm); err != nil {
			e.t.Fatalf("partitions body %s: %v", r.body, err)
		}
		out[name] = len(tm.Partitions)
	}
	// NodeTopics is the same view, for tests that wait on it.
	if direct, err := e.srv.NodeTopics(node); err != nil || !maps.Equal(direct, out) {
		e.t.Errorf("NodeTopics(%d) = %v, %v; the API answers %v", node, direct, err, out)
	}
	return out
}

// withFakeClock starts an emulator with modify applied and a fake clock at a
// multiple of every refresh period the tests use.
func withFakeClock(t *testing.T, modify func(*Options)) (*testEnv, *fakeClock) {
	t.Helper()
	e := newTestEnv(t, modify)
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	e.srv.setClock(clock.Now)
	return e, clock
}

// TestProxyNodesShowNewTopicOnTheirOwnSchedule: with two nodes and a 4 s
// delay, node 0 shows a new topic after 2 s and node 1 after 4 s; every
// request is counted whichever node serves it.
func TestProxyNodesShowNewTopicOnTheirOwnSchedule(t *testing.T) {
	e, clock := withFakeClock(t, func(o *Options) { o.ProxyNodes = 2; o.VisibilityDelay = 4 * time.Second })
	e.createTopic("orders", map[string]any{"partition_count": 2})
	steps := []struct {
		advance time.Duration
		want    [2]bool
	}{
		{0, [2]bool{false, false}},
		{2*time.Second - time.Millisecond, [2]bool{false, false}},
		{time.Millisecond, [2]bool{true, false}},
		{2*time.Second - time.Millisecond, [2]bool{true, false}},
		{time.Millisecond, [2]bool{true, true}},
	}
	for _, st := range steps {
		clock.Advance(st.advance)
		for node, want := range st.want {
			view := e.nodeView(node)
			if _, got := view["orders"]; got != want {
				t.Errorf("at +%s node %d lists orders = %v, want %v", clock.Now().Sub(time.Unix(1_700_000_000, 0)), node, got, want)
			}
			wantStatus := http.StatusNotFound
			if want {
				wantStatus = http.StatusOK
			}
			for _, path := range []string{"/v1/metadata/topics/orders/partitions", "/v1/metadata/topics/orders/partitions/1"} {
				if r := e.onNode(node, http.MethodGet, path, nil); r.status != wantStatus {
					t.Errorf("node %d GET %s: HTTP %d, want %d: %s", node, path, r.status, wantStatus, r.body)
				}
			}
			if r := e.onNode(node, http.MethodPost, "/v1/producer/topics/orders", `{"records":[{"value":1,"partition":1}]}`); r.status != wantStatus {
				t.Errorf("node %d produce: HTTP %d, want %d: %s", node, r.status, wantStatus, r.body)
			}
		}
	}

	// Round robin: requests alternate between the nodes, and each is counted.
	e.createTopic("turns", nil)
	clock.Advance(2 * time.Second) // node 0 shows it, node 1 does not yet
	e.srv.ResetCounters()
	e.srv.setNextNode(0)
	var got []int
	for range 4 {
		got = append(got, e.do(http.MethodGet, "/v1/metadata/topics/turns/partitions", nil).status)
	}
	if want := []int{200, 404, 200, 404}; !slices.Equal(got, want) {
		t.Errorf("four requests in turn answered %v, want %v (nodes 0, 1, 0, 1)", got, want)
	}
	e.do(http.MethodGet, "/v1/metadata/topics", nil)
	e.do(http.MethodGet, "/v1/status", nil)
	e.do(http.MethodGet, "/v1/metadata/topics/..", nil) // no route: not counted
	want := map[string]int64{RouteTopicPartitions: 4, RouteListTopics: 1, RouteStatus: 1}
	for _, name := range RouteNames() {
		if c := e.srv.Counters()[name]; c != want[name] {
			t.Errorf("counter %s = %d, want %d", name, c, want[name])
		}
	}
}

// TestCacheRefreshShowsChangesTogether: with a 10 s refresh period, node 0
// refreshes at 0 s, 10 s, ... and node 1 at 5 s, 15 s, ...; every change due
// by a refresh appears at that refresh, together.
func TestCacheRefreshShowsChangesTogether(t *testing.T) {
	e, clock := withFakeClock(t, func(o *Options) { o.ProxyNodes = 2; o.CacheRefresh = 10 * time.Second })
	ctx := context.Background()
	steps := []struct {
		at    time.Duration // since the start, a multiple of the period
		act   func()
		want0 map[string]int
		want1 map[string]int
	}{
		{0, func() { e.createTopic("base", nil) }, map[string]int{"base": 1}, map[string]int{}},
		{1 * time.Second, func() { e.createTopic("api-made", nil) }, map[string]int{"base": 1}, map[string]int{}},
		{4 * time.Second, func() {
			if err := e.srv.Backend().CreateTopic(ctx, "kafka-made", 2, 1, nil); err != nil {
				t.Fatal(err)
			}
		}, map[string]int{"base": 1}, map[string]int{}},
		{5 * time.Second, nil, map[string]int{"base": 1}, map[string]int{"base": 1, "api-made": 1, "kafka-made": 2}},
		{6 * time.Second, func() {
			if err := e.srv.Backend().CreatePartitions(ctx, "base", 3); err != nil {
				t.Fatal(err)
			}
		}, map[string]int{"base": 1}, map[string]int{"base": 1, "api-made": 1, "kafka-made": 2}},
		{10*time.Second - time.Millisecond, nil, map[string]int{"base": 1}, map[string]int{"base": 1, "api-made": 1, "kafka-made": 2}},
		{10 * time.Second, nil, map[string]int{"base": 3, "api-made": 1, "kafka-made": 2}, map[string]int{"base": 1, "api-made": 1, "kafka-made": 2}},
		{15 * time.Second, nil, map[string]int{"base": 3, "api-made": 1, "kafka-made": 2}, map[string]int{"base": 3, "api-made": 1, "kafka-made": 2}},
	}
	start := clock.Now()
	for _, st := range steps {
		clock.Advance(start.Add(st.at).Sub(clock.Now()))
		if st.act != nil {
			st.act()
		}
		for node, want := range []map[string]int{st.want0, st.want1} {
			if got := e.nodeView(node); !maps.Equal(got, want) {
				t.Errorf("at +%s node %d shows %v, want %v", st.at, node, got, want)
			}
		}
	}
}

// TestCacheRefreshWithDelay: a change is due after the delay and shown at the
// node's first refresh after that.
func TestCacheRefreshWithDelay(t *testing.T) {
	e, clock := withFakeClock(t, func(o *Options) { o.VisibilityDelay = 3 * time.Second; o.CacheRefresh = 10 * time.Second })
	clock.Advance(8 * time.Second)
	e.createTopic("late", nil) // due at +11 s, shown at +20 s
	for _, c := range []struct {
		at   time.Duration
		want bool
	}{{11 * time.Second, false}, {20*time.Second - time.Millisecond, false}, {20 * time.Second, true}} {
		clock.Advance(time.Unix(1_700_000_000, 0).Add(c.at).Sub(clock.Now()))
		if _, got := e.nodeView(0)["late"]; got != c.want {
			t.Errorf("at +%s late shown = %v, want %v", c.at, got, c.want)
		}
	}
}

// TestDeletionBehindProxyAfterLag: a topic deleted in Kafka stays in the
// nodes' views (listed, its partitions answered with the cached layout and
// empty offsets) until the delay has passed on each node; Kafka's own answers
// (create, consume) see the deletion at once. A deletion made with another
// Kafka client counts from the first request that reads it.
func TestDeletionBehindProxyAfterLag(t *testing.T) {
	const delay = 4 * time.Second
	ctx := context.Background()
	tests := []struct {
		name   string
		delete func(e *testEnv, topic string)
	}{
		{"Backend().DeleteTopic", func(e *testEnv, topic string) {
			if err := e.srv.Backend().DeleteTopic(ctx, topic); err != nil {
				e.t.Fatal(err)
			}
		}},
		{"kadm on the bootstrap servers", func(e *testEnv, topic string) {
			resp, err := e.srv.Backend().Admin().DeleteTopic(ctx, topic)
			if err == nil {
				err = resp.Err
			}
			if err != nil {
				e.t.Fatal(err)
			}
			// Read by a request: the lag counts from here.
			e.onNode(0, http.MethodGet, "/v1/metadata/topics", nil)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, clock := withFakeClock(t, func(o *Options) { o.ProxyNodes = 2; o.VisibilityDelay = delay })
			e.createTopic("doomed", map[string]any{"partition_count": 2})
			clock.Advance(delay)
			e.mustStatus(e.onNode(0, http.MethodPost, "/v1/producer/topics/doomed", `{"records":[{"value":1,"partition":0}]}`), http.StatusOK, "produce before deletion")
			tc.delete(e, "doomed")
			// Kafka's answers see the deletion at once: consume, and a produce
			// through a node that still shows the topic.
			checkErrorBody(t, e.do(http.MethodGet, "/v1/consumer/topics/doomed/partitions/0/offsets/0", nil), http.StatusNotFound, "not found")
			checkErrorBody(t, e.onNode(1, http.MethodPost, "/v1/producer/topics/doomed", `{"records":[{"value":1,"partition":0}]}`), http.StatusNotFound, `topic "doomed" not found`)

			for _, st := range []struct {
				advance time.Duration
				want    [2]bool
			}{
				{0, [2]bool{true, true}},
				{delay/2 - time.Millisecond, [2]bool{true, true}},
				{time.Millisecond, [2]bool{false, true}},
				{delay/2 - time.Millisecond, [2]bool{false, true}},
				{time.Millisecond, [2]bool{false, false}},
			} {
				clock.Advance(st.advance)
				for node, want := range st.want {
					if _, got := e.nodeView(node)["doomed"]; got != want {
						t.Errorf("node %d lists the deleted topic = %v, want %v", node, got, want)
					}
					r := e.onNode(node, http.MethodGet, "/v1/metadata/topics/doomed/partitions/0", nil)
					if !want {
						checkErrorBody(t, r, http.StatusNotFound, "not found")
						continue
					}
					e.mustStatus(r, http.StatusOK, "partition 0 of the deleted topic, still cached")
					var p wirePartition
					if err := json.Unmarshal(r.body, &p); err != nil {
						t.Fatal(err)
					}
					if p.ID != 0 || p.Leader == nil || len(p.Replicas) != 1 || p.EarliestOffset != 0 || p.LatestOffset != 0 {
						t.Errorf("cached partition of a deleted topic: %s, want the cached layout with offsets 0 and 0", r.body)
					}
				}
			}
			// Re-creating is Kafka's business: allowed while a node still showed the old topic.
			e.createTopic("doomed", nil)
		})
	}
}

// TestCreateWhileDeletedTopicStillShown: Kafka decides a create, not the
// serving node's cache.
func TestCreateWhileDeletedTopicStillShown(t *testing.T) {
	e, clock := withFakeClock(t, func(o *Options) { o.VisibilityDelay = time.Minute })
	e.createTopic("phoenix", map[string]any{"partition_count": 3})
	clock.Advance(time.Minute)
	if err := e.srv.Backend().DeleteTopic(context.Background(), "phoenix"); err != nil {
		t.Fatal(err)
	}
	if got := e.nodeView(0)["phoenix"]; got != 3 {
		t.Fatalf("the deleted topic is shown with %d partitions, want it still shown with 3", got)
	}
	e.createTopic("phoenix", map[string]any{"partition_count": 1})
	// The node shows the old topic until the new one is due.
	if got := e.nodeView(0)["phoenix"]; got != 3 {
		t.Errorf("re-created topic shown with %d partitions before the delay, want the old 3", got)
	}
	clock.Advance(time.Minute)
	if got := e.nodeView(0)["phoenix"]; got != 1 {
		t.Errorf("re-created topic shown with %d partitions after the delay, want 1", got)
	}
}

// TestPartitionIncreaseBehindProxyAfterLag: partitions added in Kafka reach
// the node's partitions, partition and producer routes after the delay.
func TestPartitionIncreaseBehindProxyAfterLag(t *testing.T) {
	const delay = 3 * time.Second
	ctx := context.Background()
	tests := []struct {
		name     string
		increase func(e *testEnv)
	}{
		{"Backend().CreatePartitions", func(e *testEnv) {
			if err := e.srv.Backend().CreatePartitions(ctx, "grow", 5); err != nil {
				e.t.Fatal(err)
			}
		}},
		{"kadm on the bootstrap servers", func(e *testEnv) {
			resp, err := e.srv.Backend().Admin().UpdatePartitions(ctx, 5, "grow")
			if err == nil {
				err = resp.Error()
			}
			if err != nil {
				e.t.Fatal(err)
			}
			e.do(http.MethodGet, "/v1/metadata/topics/grow/partitions", nil) // read: the lag counts from here
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, clock := withFakeClock(t, func(o *Options) { o.VisibilityDelay = delay })
			e.createTopic("grow", map[string]any{"partition_count": 2})
			clock.Advance(delay)
			tc.increase(e)
			for _, st := range []struct {
				advance time.Duration
				want    int
			}{{0, 2}, {delay - time.Millisecond, 2}, {time.Millisecond, 5}} {
				clock.Advance(st.advance)
				if got := e.nodeView(0)["grow"]; got != st.want {
					t.Errorf("shown with %d partitions, want %d", got, st.want)
				}
				wantStatus := http.StatusNotFound
				if st.want == 5 {
					wantStatus = http.StatusOK
				}
				r := e.do(http.MethodGet, "/v1/metadata/topics/grow/partitions/4", nil)
				if r.status != wantStatus {
					t.Errorf("GET partition 4 with %d partitions shown: HTTP %d, want %d: %s", st.want, r.status, wantStatus, r.body)
				}
				r = e.do(http.MethodPost, "/v1/producer/topics/grow", `{"records":[{"value":1,"partition":4}]}`)
				if r.status != wantStatus {
					t.Errorf("produce to partition 4 with %d partitions shown: HTTP %d, want %d: %s", st.want, r.status, wantStatus, r.body)
				}
			}
			// The produced record landed in Kafka's new partition.
			r := e.do(http.MethodGet, "/v1/consumer/topics/grow/partitions/4/offsets/0", nil)
			if r.status != http.StatusOK || !strings.Contains(string(r.body), `"partition":4`) {
				t.Errorf("consume partition 4: HTTP %d %s, want the produced record", r.status, r.body)
			}
		})
	}
}

// TestCreateExistingAnswers: each plausible answer to a create of an existing
// topic (wire contract section 10, question 3), also when the serving node
// does not show the topic yet; none changes the topic.
func TestCreateExistingAnswers(t *testing.T) {
	for _, tc := range []struct {
		status   int // Options.CreateExistingStatus
		want     int
		wantBody string
	}{
		{0, http.StatusBadRequest, "already exists"},
		{http.StatusBadRequest, http.StatusBadRequest, "already exists"},
		{http.StatusConflict, http.StatusConflict, "already exists"},
		{http.StatusOK, http.StatusOK, `"Topic taken created"`},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			e := newTestEnv(t, func(o *Options) { o.CreateExistingStatus = tc.status; o.VisibilityDelay = time.Hour })
			e.createTopic("taken", map[string]any{"partition_count": 2})
			if _, shown := e.nodeView(0)["taken"]; shown {
				t.Fatal("the topic is shown before its delay")
			}
			r := e.do(http.MethodPut, "/v1/topics/taken", map[string]any{"partition_count": 7})
			if tc.want == http.StatusOK {
				e.mustStatus(r, http.StatusOK, "create of an existing topic as a no-op")
				if got := strings.TrimSpace(string(r.body)); got != tc.wantBody {
					t.Errorf("body %s, want %s", got, tc.wantBody)
				}
			} else {
				checkErrorBody(t, r, tc.want, tc.wantBody)
			}
			meta, err := e.srv.Backend().metadata(context.Background(), []string{"taken"})
			if err != nil {
				t.Fatal(err)
			}
			if n := len(meta.Topics["taken"].Partitions); n != 2 {
				t.Errorf("the existing topic has %d partitions after the create, want 2 unchanged", n)
			}
		})
	}
}

// TestUnknownTopicAnswers: each plausible answer of the metadata routes for a
// topic the serving node does not know (wire contract section 10, question 2),
// for a topic Kafka lacks and for one the node does not show yet. Produce
// stays a 404.
func TestUnknownTopicAnswers(t *testing.T) {
	for _, tc := range []struct {
		answer                      string
		partitionsStatus            int
		partitionsText, partitionTx string
		partitionStatus             int
	}{
		{"", 404, "not found", "not found", 404},
		{UnknownTopicNotFound, 404, "not found", "not found", 404},
		{UnknownTopicEmpty, 200, "", "partition 0 of topic", 404},
		{UnknownTopicServerError, 500, "UnknownTopicOrPartitionException", "UnknownTopicOrPartitionException", 500},
	} {
		t.Run(tc.answer, func(t *testing.T) {
			e := newTestEnv(t, func(o *Options) { o.UnknownTopic = tc.answer; o.VisibilityDelay = time.Hour })
			e.createTopic("pending", nil)
			for _, topic := range []string{"absent", "pending"} {
				r := e.do(http.MethodGet, "/v1/metadata/topics/"+topic+"/partitions", nil)
				if tc.partitionsStatus == http.StatusOK {
					e.mustStatus(r, http.StatusOK, "partitions of an unknown topic")
					var tm wireTopicMetadata
					if err := json.Unmarshal(r.body, &tm); err != nil || tm.Topic != topic || tm.Partitions == nil || len(tm.Partitions) != 0 {
						t.Errorf("partitions of unknown topic %s: %s (%v), want {\"topic\":%q,\"partitions\":[]}", topic, r.body, err, topic)
					}
				} else {
					checkErrorBody(t, r, tc.partitionsStatus, tc.partitionsText)
				}
				checkErrorBody(t, e.do(http.MethodGet, "/v1/metadata/topics/"+topic+"/partitions/0", nil), tc.partitionStatus, tc.partitionTx)
				checkErrorBody(t, e.do(http.MethodPost, "/v1/producer/topics/"+topic, `{"records":[{"value":1}]}`), http.StatusNotFound, "not found")
			}
		})
	}
}

// TestProxyNodesBadInput: the bad-input guarantees hold with two nodes, a
// delay and a periodic refresh (on the real clock).
func TestProxyNodesBadInput(t *testing.T) {
	testBadInputMatrix(t, func(o *Options) {
		o.ProxyNodes = 2
		o.VisibilityDelay = 200 * time.Millisecond
		o.CacheRefresh = 300 * time.Millisecond
	})
}

func TestProxyOptionsRefused(t *testing.T) {
	for _, tc := range []struct {
		modify func(*Options)
		want   string
	}{
		{func(o *Options) { o.ProxyNodes = -1 }, "proxy nodes must be between 1 and 16 (HDInsight deploys 2), got -1"},
		{func(o *Options) { o.ProxyNodes = MaxProxyNodes + 1 }, "got 17"},
		{func(o *Options) { o.CacheRefresh = -time.Second }, "cache refresh period must not be negative (0 = no periodic refresh), got -1s"},
		{func(o *Options) { o.VisibilityDelay = -time.Second }, "visibility delay must not be negative"},
		{func(o *Options) { o.CreateExistingStatus = 418 }, "must be 400, 409 or 200, got 418"},
		{func(o *Options) { o.UnknownTopic = "410" }, `must be one of ["404" "200-empty" "500"], got "410"`},
	} {
		var o Options
		tc.modify(&o)
		srv, err := New(context.Background(), o)
		if err == nil {
			_ = srv.Close()
			t.Errorf("New(%+v) accepted", o)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New error %q, want it to contain %q", err, tc.want)
		}
	}
	e := newTestEnv(t, func(o *Options) { o.ProxyNodes = 2 })
	if _, err := e.srv.NodeTopics(2); err == nil || !strings.Contains(err.Error(), "nodes 0 to 1") {
		t.Errorf("NodeTopics(2) error %v, want one naming nodes 0 to 1", err)
	}
	if e.srv.ProxyNodes() != 2 || e.srv.CacheRefresh() != 0 {
		t.Errorf("ProxyNodes() = %d, CacheRefresh() = %s; want 2 and 0", e.srv.ProxyNodes(), e.srv.CacheRefresh())
	}
}
