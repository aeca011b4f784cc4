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
			// Deletion in the backend is seen at once.
			if err := e.srv.Backend().DeleteTopic(ctx, topic); err != nil {
				t.Fatal(err)
			}
			checkErrorBody(t, e.do(http.MethodGet, "/v1/metadata/topics/"+topic+"/partitions", nil), http.StatusNotFound, "")
			if slices.Contains(e.listTopics(), topic) {
				t.Errorf("%s still listed after deletion", topic)
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

func TestVisibilityCacheUnit(t *testing.T) {
	now := time.Unix(1000, 0)
	v := newVisibility(10 * time.Second)
	v.now = func() time.Time { return now }
	id1, id2 := [16]byte{1}, [16]byte{2}
	meta := func(ids map[string][16]byte) *clusterMeta {
		m := &clusterMeta{Topics: map[string]topicMeta{}}
		for n, id := range ids {
			m.Topics[n] = topicMeta{Name: n, ID: id}
		}
		return m
	}
	steps := []struct {
		advance time.Duration
		topics  map[string][16]byte
		want    map[string]bool
	}{
		{0, map[string][16]byte{"a": id1}, map[string]bool{"a": false}},
		{10 * time.Second, map[string][16]byte{"a": id1}, map[string]bool{"a": true}},
		// Re-created with a new id: starts over.
		{0, map[string][16]byte{"a": id2}, map[string]bool{"a": false}},
		// Gone, then back: starts over.
		{20 * time.Second, map[string][16]byte{}, map[string]bool{}},
		{0, map[string][16]byte{"a": id2}, map[string]bool{"a": false}},
		{10 * time.Second, map[string][16]byte{"a": id2}, map[string]bool{"a": true}},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		got := v.observe(meta(s.topics), true, nil)
		if len(got) != len(s.want) {
			t.Fatalf("step %d: %v, want %v", i, got, s.want)
		}
		for k, w := range s.want {
			if got[k] != w {
				t.Errorf("step %d: %s visible=%v, want %v", i, k, got[k], w)
			}
		}
	}
}
