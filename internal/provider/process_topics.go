package provider

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"
	"time"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

// processTopics is what one provider process (one Terraform walk: a plan, or an apply) knows about
// topics beyond a single resource:
//
//   - the list of topic names (GET /v1/metadata/topics), fetched once and reused for every
//     existence check of the walk, refreshed when a refresh has to confirm a deletion;
//   - the names the state manages (seen by a refresh or a create), so that a creation planned for
//     one of them is known to be a replacement or a second declaration, never an "import it" case;
//   - the creations planned in this process, to catch a topic declared twice;
//   - topics created without waiting for visibility, which data sources of the same process wait for.
type processTopics struct {
	mu      sync.Mutex
	list    map[string]struct{} // nil until fetched
	byKey   map[string]string   // topicconfig.CollisionKey → a listed name
	managed map[string]struct{}
	planned map[string]int
	pending map[string]struct{}
}

func newProcessTopics() *processTopics {
	return &processTopics{managed: map[string]struct{}{}, planned: map[string]int{}, pending: map[string]struct{}{}}
}

// existence is what the topic list says about a name.
type existence struct {
	Exists   bool   // the name itself is listed
	Collides string // a listed topic that collides under Kafka's '.'/'_' rule ("" = none)
}

// lookup answers from the process's topic list, fetching it on first use (one request per process).
func (p *processTopics) lookup(ctx context.Context, client topicClient, name string) (existence, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.list == nil {
		if err := p.fetchLocked(ctx, client); err != nil {
			return existence{}, err
		}
	}
	return p.existsLocked(name), nil
}

// refetch replaces the list with a fresh one and answers from it.
func (p *processTopics) refetch(ctx context.Context, client topicClient, name string) (existence, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.fetchLocked(ctx, client); err != nil {
		return existence{}, err
	}
	return p.existsLocked(name), nil
}

func (p *processTopics) fetchLocked(ctx context.Context, client topicClient) error {
	names, err := client.ListTopics(ctx)
	if err != nil {
		return err
	}
	p.list = make(map[string]struct{}, len(names))
	p.byKey = make(map[string]string, len(names))
	for _, n := range names {
		p.addLocked(n)
	}
	return nil
}

func (p *processTopics) existsLocked(name string) existence {
	if _, ok := p.list[name]; ok {
		return existence{Exists: true}
	}
	if other, ok := p.byKey[topicconfig.CollisionKey(name)]; ok {
		return existence{Collides: other}
	}
	return existence{}
}

func (p *processTopics) addLocked(name string) {
	p.list[name] = struct{}{}
	p.byKey[topicconfig.CollisionKey(name)] = name
}

// created records a topic this process created: it is managed, and it exists from now on whatever
// the (older) list says.
func (p *processTopics) created(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.managed[name] = struct{}{}
	if p.list != nil {
		p.addLocked(name)
	}
}

// markManaged records a topic the state manages (seen by a refresh).
func (p *processTopics) markManaged(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.managed[name] = struct{}{}
}

// gone records a topic a refresh removed from the state (deleted behind the proxy): the state no
// longer manages it, so a creation planned for it is a creation, not a replacement.
func (p *processTopics) gone(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.managed, name)
}

func (p *processTopics) isManaged(name string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.managed[name]
	return ok
}

// planCreate counts a creation planned in this process and returns how many there are for name.
func (p *processTopics) planCreate(name string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.planned[name]++
	return p.planned[name]
}

// creationPlanned reports whether a creation of name was planned in this process.
func (p *processTopics) creationPlanned(name string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.planned[name] > 0
}

// setPending records a topic this process created without waiting for it to become visible.
func (p *processTopics) setPending(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pending[name] = struct{}{}
}

// visible records that a pending topic was seen.
func (p *processTopics) visible(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.pending, name)
}

// isPending reports whether this process created name without seeing it yet.
func (p *processTopics) isPending(name string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.pending[name]
	return ok
}

// pendingSince is the private-state key of a topic created without waiting for visibility: its
// value is the creation time (RFC 3339). A refresh that gets 404 within the create timeout after it
// keeps the topic; the first refresh that sees the topic removes the key.
const privatePendingSince = "pending_since"

// Private state values must be JSON: the time is stored as a JSON string.
func formatPendingSince(t time.Time) []byte {
	return []byte(strconv.Quote(t.UTC().Format(time.RFC3339Nano)))
}

func parsePendingSince(b []byte) (time.Time, bool) {
	var s string
	if len(b) == 0 || json.Unmarshal(b, &s) != nil {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}
