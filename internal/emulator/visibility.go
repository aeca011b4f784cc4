package emulator

import (
	"sync"
	"time"
)

// visibility models HDInsight's metadata cache: a topic becomes visible to
// the metadata and producer routes only delay after the emulator first knew
// about it (created through the API, or first observed in the backend).
// A topic missing from the backend is forgotten at once, so deletions are
// seen immediately; a topic re-created with a new topic ID starts over.
// A topic's visibility time is fixed when the emulator first knows it (that
// time plus the delay in force then): changing the delay affects only topics
// known afterwards, never hides a topic that was already visible.
type visibility struct {
	mu    sync.Mutex
	delay time.Duration
	seen  map[string]seenTopic
	now   func() time.Time
}

type seenTopic struct {
	id [16]byte
	// visibleAt is when the topic becomes visible; zero means at once.
	visibleAt time.Time
}

func newVisibility(delay time.Duration) *visibility {
	return &visibility{delay: delay, seen: map[string]seenTopic{}, now: time.Now}
}

// setClock replaces the clock (tests).
func (v *visibility) setClock(now func() time.Time) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.now = now
}

// setDelay changes the delay for topics known from now on.
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

// known records that the topic exists as of now (created through the API).
func (v *visibility) known(name string, id [16]byte) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.seen[name] = seenTopic{id: id, visibleAt: v.now().Add(v.delay)}
}

// preexisting marks topics that existed before the emulator started as
// visible at once.
func (v *visibility) preexisting(meta *clusterMeta) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for name, t := range meta.Topics {
		v.seen[name] = seenTopic{id: t.ID}
	}
}

// observe updates the cache with a fresh metadata answer and returns the
// names among meta.Topics that are visible now. complete says whether meta
// lists every topic (so absent topics are known to be gone); asked lists the
// topics a partial answer was for.
func (v *visibility) observe(meta *clusterMeta, complete bool, asked []string) map[string]bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	now := v.now()
	if complete {
		for name := range v.seen {
			if _, ok := meta.Topics[name]; !ok {
				delete(v.seen, name)
			}
		}
	} else {
		for _, name := range asked {
			if _, ok := meta.Topics[name]; !ok {
				delete(v.seen, name)
			}
		}
	}
	out := make(map[string]bool, len(meta.Topics))
	for name, t := range meta.Topics {
		s, ok := v.seen[name]
		var zero [16]byte
		if !ok || (s.id != t.ID && s.id != zero && t.ID != zero) {
			s = seenTopic{id: t.ID, visibleAt: now.Add(v.delay)}
			v.seen[name] = s
		} else if s.id == zero && t.ID != zero {
			s.id = t.ID
			v.seen[name] = s
		}
		out[name] = !s.visibleAt.After(now)
	}
	return out
}
