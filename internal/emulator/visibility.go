package emulator

import (
	"slices"
	"sort"
	"sync"
	"time"
)

// visibility models the metadata caches of HDInsight's REST proxy nodes. The
// real proxy answers its metadata and producer routes from a cache refreshed
// every few seconds, and the cluster's ARM template deploys two proxy
// (management) nodes behind one endpoint, each with its own cache: a change
// made in Kafka (a new topic, a deletion, more partitions) reaches each node's
// view on that node's own schedule.
//
// The emulator keeps one history per topic name: each state it has seen in
// Kafka (absent, or present with a topic ID and a partition layout), dated when
// it first saw it, with the visibility delay in force then. Node i of n
// (i = 0..n-1) shows a state from
//
//	seen + delay·(i+1)/n                                  with no periodic refresh
//	the node's first refresh at or after that time        with a refresh period P
//
// where node i refreshes at the instants i·P/n + m·P (m integer, counted from
// the Unix epoch), so that several nodes refresh at different times. Each node
// shows, per topic, the latest state whose time has come; a topic whose shown
// state is "absent" (or that has no state yet) is unknown to that node. The
// last node shows every change at most delay (plus one refresh period) after
// the emulator saw it. With one node, no delay and no refresh, every answer is
// Kafka's current state.
//
// A change is seen when the emulator reads Kafka's metadata: on every metadata
// and producer request (for the topics it names, or all of them for the topic
// list), on a create, and right after a change made through Backend's methods.
// A change made past the emulator (kadm on the bootstrap servers) is dated when
// a request first reads it. A change is dated once: a later delay does not move
// it.
type visibility struct {
	mu      sync.Mutex
	delay   time.Duration
	nodes   int
	refresh time.Duration
	now     func() time.Time
	seq     uint64 // numbers metadata reads in the order they began
	topics  map[string]*topicHistory
}

// topicHistory is what the emulator has seen of one topic name.
type topicHistory struct {
	states  []seenState // oldest first
	lastSeq uint64      // the read that set the latest state
}

// seenState is one state of a topic name in Kafka.
type seenState struct {
	present bool
	topic   topicMeta     // when present: ID and partition layout
	seen    time.Time     // when the emulator first saw it; zero = visible at once everywhere
	delay   time.Duration // the visibility delay in force then
}

func newVisibility(delay time.Duration, nodes int, refresh time.Duration) *visibility {
	return &visibility{delay: delay, nodes: max(nodes, 1), refresh: refresh, now: time.Now, topics: map[string]*topicHistory{}}
}

// setClock replaces the clock (tests).
func (v *visibility) setClock(now func() time.Time) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.now = now
}

// setDelay changes the delay for changes seen from now on.
func (v *visibility) setDelay(d time.Duration) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.delay = d
}

func (v *visibility) getDelay() time.Duration {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.delay
}

// nodeCount returns the number of proxy nodes.
func (v *visibility) nodeCount() int { return v.nodes }

// beginRead numbers a metadata read about to be sent to Kafka. observe skips,
// per topic, an answer older than one it already applied, so that concurrent
// requests cannot bring back a state Kafka has left.
func (v *visibility) beginRead() uint64 {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.seq++
	return v.seq
}

// preexisting records topics that existed before the emulator started: every
// node shows them at once.
func (v *visibility) preexisting(meta *clusterMeta) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for name, t := range meta.Topics {
		v.topics[name] = &topicHistory{states: []seenState{{present: true, topic: t}}}
	}
}

// observe records the answer of metadata read seq. complete says whether meta
// lists every topic (so a topic absent from it is gone); otherwise only the
// topics in asked are concluded about.
func (v *visibility) observe(seq uint64, meta *clusterMeta, complete bool, asked []string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	now := v.now()
	for name, t := range meta.Topics {
		v.record(seq, name, seenState{present: true, topic: t}, now)
	}
	gone := asked
	if complete {
		gone = gone[:0:0]
		for name := range v.topics {
			gone = append(gone, name)
		}
	}
	for _, name := range gone {
		if _, ok := meta.Topics[name]; !ok {
			v.record(seq, name, seenState{}, now)
		}
	}
}

// record adds st to the history of name unless it is the latest state already
// or read seq is older than the read that set the latest state, and drops the
// states no node can show any more.
func (v *visibility) record(seq uint64, name string, st seenState, now time.Time) {
	h := v.topics[name]
	if h == nil {
		if !st.present {
			return // never seen: already unknown everywhere
		}
		h = &topicHistory{}
		v.topics[name] = h
	}
	if seq < h.lastSeq {
		return
	}
	h.lastSeq = seq
	if n := len(h.states); n == 0 || !sameState(h.states[n-1], st) {
		st.seen, st.delay = now, v.delay
		h.states = append(h.states, st)
	}
	v.prune(h, now)
}

// sameState reports whether two states show the same thing: both absent, or
// the same topic ID and partition layout.
func sameState(a, b seenState) bool {
	if a.present != b.present {
		return false
	}
	if !a.present {
		return true
	}
	return a.topic.ID == b.topic.ID && slices.EqualFunc(a.topic.Partitions, b.topic.Partitions, func(x, y partitionMeta) bool {
		return x.ID == y.ID && x.Leader == y.Leader && slices.Equal(x.Replicas, y.Replicas) && slices.Equal(x.ISR, y.ISR)
	})
}

// prune drops the states every node has moved past.
func (v *visibility) prune(h *topicHistory, now time.Time) {
	oldest := len(h.states)
	for k := range v.nodes {
		oldest = min(oldest, v.shownIndex(h, k, now))
	}
	if oldest > 0 {
		h.states = slices.Delete(h.states, 0, oldest)
	}
}

// shownIndex returns the index of the state node shows now, -1 for none.
func (v *visibility) shownIndex(h *topicHistory, node int, now time.Time) int {
	for i := len(h.states) - 1; i >= 0; i-- {
		if !v.shownFrom(h.states[i], node).After(now) {
			return i
		}
	}
	return -1
}

// shownFrom returns when node starts showing st (see visibility).
func (v *visibility) shownFrom(st seenState, node int) time.Time {
	if st.seen.IsZero() {
		return st.seen
	}
	at := st.seen.Add(st.delay * time.Duration(node+1) / time.Duration(v.nodes))
	if v.refresh <= 0 {
		return at
	}
	p := int64(v.refresh)
	phase := p * int64(node) / int64(v.nodes)
	x := at.UnixNano() - phase
	m := x / p
	if m*p < x {
		m++
	}
	return time.Unix(0, m*p+phase)
}

// topic returns the topic name as node shows it now; false when the node does
// not know it.
func (v *visibility) topic(node int, name string) (topicMeta, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	h := v.topics[name]
	if h == nil {
		return topicMeta{}, false
	}
	i := v.shownIndex(h, node, v.now())
	if i < 0 || !h.states[i].present {
		return topicMeta{}, false
	}
	return h.states[i].topic, true
}

// topicNames returns, sorted, the topics node shows now.
func (v *visibility) topicNames(node int) []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	now := v.now()
	out := []string{}
	for name, h := range v.topics {
		if i := v.shownIndex(h, node, now); i >= 0 && h.states[i].present {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
