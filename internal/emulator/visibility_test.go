package emulator

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"
)

func (e *testEnv) listTopics() []string {
	e.t.Helper()
	r := e.do(http.MethodGet, "/v1/metadata/topics", nil)
	e.mustStatus(r, http.StatusOK, "list topics")
	var l wireTopicList
	if err := json.Unmarshal(r.body, &l); err != nil || l.Topics == nil {
		e.t.Fatalf("list topics body %s: %v", r.body, err)
	}
	return l.Topics
}

// fakeClock is a settable clock for the visibility cache.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestVisibilityDelay(t *testing.T) {
	const delay = 5 * time.Second
	e := newTestEnv(t, func(o *Options) { o.VisibilityDelay = delay })
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	e.srv.setClock(clock.Now)
	ctx := context.Background()

	tests := []struct {
		name   string
		topic  string
		create func(topic string)
	}{
		{"created through the API", "vis-api", func(topic string) { e.createTopic(topic, nil) }},
		{"created out of band", "vis-oob", func(topic string) {
			if err := e.srv.Backend().CreateTopic(ctx, topic, 1, 1, nil); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			topic := tc.topic
			tc.create(topic)
			// Not visible before the delay: metadata and produce say 404, the list omits it.
			for _, advance := range []time.Duration{0, delay - time.Millisecond} {
				clock.Advance(advance)
				r := e.do(http.MethodGet, "/v1/metadata/topics/"+topic+"/partitions", nil)
				checkErrorBody(t, r, http.StatusNotFound, "not found")
				checkErrorBody(t, e.do(http.MethodGet, "/v1/metadata/topics/"+topic+"/partitions/0", nil), http.StatusNotFound, "")
				checkErrorBody(t, e.do(http.MethodPost, "/v1/producer/topics/"+topic, `{"records":[{"value":1}]}`), http.StatusNotFound, "")
				if slices.Contains(e.listTopics(), topic) {
					t.Fatalf("%s listed %s after it was first seen, before the visibility delay %s", topic, advance, delay)
				}
				// A second create already sees it: the backend is the truth for create.
				checkErrorBody(t, e.do(http.MethodPut, "/v1/topics/"+topic, nil), http.StatusBadRequest, "already exists")
			}
			// Visible once the delay has passed.
			clock.Advance(time.Millisecond)
			e.mustStatus(e.do(http.MethodGet, "/v1/metadata/topics/"+topic+"/partitions", nil), http.StatusOK, "partitions after the delay")
			if !slices.Contains(e.listTopics(), topic) {
				t.Errorf("%s visible in partitions but not listed", topic)
			}
			e.mustStatus(e.do(http.MethodPost, "/v1/producer/topics/"+topic, `{"records":[{"value":1}]}`), http.StatusOK, "produce after visibility")
			// A deletion behind the proxy reaches the cache after the same delay.
			if err := e.srv.Backend().DeleteTopic(ctx, topic); err != nil {
				t.Fatal(err)
			}
			clock.Advance(delay - time.Millisecond)
			e.mustStatus(e.do(http.MethodGet, "/v1/metadata/topics/"+topic+"/partitions", nil), http.StatusOK, "partitions before the deletion's delay")
			if !slices.Contains(e.listTopics(), topic) {
				t.Errorf("%s no longer listed before the deletion's delay", topic)
			}
			clock.Advance(time.Millisecond)
			checkErrorBody(t, e.do(http.MethodGet, "/v1/metadata/topics/"+topic+"/partitions", nil), http.StatusNotFound, "")
			if slices.Contains(e.listTopics(), topic) {
				t.Errorf("%s still listed after the deletion's delay", topic)
			}
		})
	}

	if got := e.srv.VisibilityDelay(); got != delay {
		t.Errorf("VisibilityDelay() = %s, want %s", got, delay)
	}
}

// TestVisibilityDelayChangeAppliesToLaterTopics: a topic's visibility time is
// fixed when the emulator first knows it; a new delay never hides a topic that
// is already visible, nor reveals one early.
func TestVisibilityDelayChangeAppliesToLaterTopics(t *testing.T) {
	e := newTestEnv(t, func(o *Options) { o.VisibilityDelay = 5 * time.Second })
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	e.srv.setClock(clock.Now)
	visible := func(topic string) bool {
		r := e.do(http.MethodGet, "/v1/metadata/topics/"+topic+"/partitions", nil)
		if r.status != http.StatusOK && r.status != http.StatusNotFound {
			t.Fatalf("GET %s partitions: HTTP %d %s", topic, r.status, r.body)
		}
		return r.status == http.StatusOK
	}
	steps := []struct {
		name    string
		act     func()
		advance time.Duration
		want    map[string]bool
	}{
		{"early topic created under 5s", func() { e.createTopic("vis-early", nil) }, 0, map[string]bool{"vis-early": false}},
		{"early topic visible after 5s", nil, 5 * time.Second, map[string]bool{"vis-early": true}},
		{"raising the delay keeps it visible", func() { e.srv.SetVisibilityDelay(time.Hour) }, 0, map[string]bool{"vis-early": true}},
		{"late topic created under 1h", func() { e.createTopic("vis-late", nil) }, 5 * time.Second, map[string]bool{"vis-early": true, "vis-late": false}},
		{"lowering the delay does not reveal it early", func() { e.srv.SetVisibilityDelay(0) }, 0, map[string]bool{"vis-late": false}},
		{"topic created under 0 is visible at once", func() { e.createTopic("vis-now", nil) }, 0, map[string]bool{"vis-now": true, "vis-late": false}},
		{"late topic visible after its hour", nil, time.Hour, map[string]bool{"vis-early": true, "vis-late": true, "vis-now": true}},
	}
	for _, st := range steps {
		if st.act != nil {
			st.act()
		}
		clock.Advance(st.advance)
		for topic, want := range st.want {
			if got := visible(topic); got != want {
				t.Errorf("%s: %s visible = %v, want %v", st.name, topic, got, want)
			}
			if listed := slices.Contains(e.listTopics(), topic); listed != want {
				t.Errorf("%s: %s listed = %v, want %v", st.name, topic, listed, want)
			}
		}
	}
}

// TestVisibilityCacheUnit drives the cache's history of one topic name with a
// delay and one node: every change (new, new partitions, re-created with a
// new id, gone, back) shows after the delay, and the node shows the previous
// state until then.
func TestVisibilityCacheUnit(t *testing.T) {
	now := time.Unix(1000, 0)
	v := newVisibility(10*time.Second, 1, 0)
	v.now = func() time.Time { return now }
	id1, id2 := [16]byte{1}, [16]byte{2}
	meta := func(ids map[string][16]byte, partitions int) *clusterMeta {
		m := &clusterMeta{Topics: map[string]topicMeta{}}
		for n, id := range ids {
			tm := topicMeta{Name: n, ID: id}
			for p := range partitions {
				tm.Partitions = append(tm.Partitions, partitionMeta{ID: int32(p)})
			}
			m.Topics[n] = tm
		}
		return m
	}
	type shown struct {
		present    bool
		id         [16]byte
		partitions int
	}
	steps := []struct {
		name       string
		advance    time.Duration
		topics     map[string][16]byte // nil: no read at this step
		partitions int
		want       shown
	}{
		{"new topic pending", 0, map[string][16]byte{"a": id1}, 1, shown{}},
		{"new topic shown after the delay", 10 * time.Second, map[string][16]byte{"a": id1}, 1, shown{true, id1, 1}},
		{"more partitions pending", 0, map[string][16]byte{"a": id1}, 3, shown{true, id1, 1}},
		{"more partitions shown", 10 * time.Second, nil, 0, shown{true, id1, 3}},
		{"re-created: the old topic is shown meanwhile", 0, map[string][16]byte{"a": id2}, 1, shown{true, id1, 3}},
		{"re-created topic shown", 10 * time.Second, nil, 0, shown{true, id2, 1}},
		{"gone: still shown", 0, map[string][16]byte{}, 0, shown{true, id2, 1}},
		{"gone after the delay", 10 * time.Second, nil, 0, shown{}},
		{"back: pending again", 0, map[string][16]byte{"a": id2}, 1, shown{}},
		{"back after the delay", 10 * time.Second, map[string][16]byte{"a": id2}, 1, shown{true, id2, 1}},
	}
	for _, s := range steps {
		now = now.Add(s.advance)
		if s.topics != nil {
			v.observe(v.beginRead(), meta(s.topics, s.partitions), true, nil)
		}
		tm, ok := v.topic(0, "a")
		got := shown{present: ok}
		if ok {
			got.id, got.partitions = tm.ID, len(tm.Partitions)
		}
		if got != s.want {
			t.Errorf("%s: shown %+v, want %+v", s.name, got, s.want)
		}
		if listed := slices.Contains(v.topicNames(0), "a"); listed != s.want.present {
			t.Errorf("%s: listed %v, want %v", s.name, listed, s.want.present)
		}
	}
	// The history keeps only what a node may still show.
	if n := len(v.topics["a"].states); n != 1 {
		t.Errorf("history of a holds %d states after every node caught up, want 1", n)
	}
}

// TestVisibilityStaleReadIgnored: a read that began before another read
// already applied cannot bring back the state Kafka has left.
func TestVisibilityStaleReadIgnored(t *testing.T) {
	v := newVisibility(0, 1, 0)
	present := &clusterMeta{Topics: map[string]topicMeta{"a": {Name: "a", ID: [16]byte{1}}}}
	gone := &clusterMeta{Topics: map[string]topicMeta{}}
	v.observe(v.beginRead(), present, true, nil)
	older, newer := v.beginRead(), v.beginRead()
	v.observe(newer, gone, false, []string{"a"})
	v.observe(older, present, false, []string{"a"})
	if _, ok := v.topic(0, "a"); ok {
		t.Error("an older read of a deleted topic brought it back")
	}
}
