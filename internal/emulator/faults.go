package emulator

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault kinds.
const (
	FaultLatency        = "latency"          // sleep Latency, then serve normally
	FaultStatus         = "status"           // answer Status (429 carries Retry-After)
	FaultReset          = "reset"            // drop the TCP connection with a reset
	FaultCreateThenFail = "create-then-fail" // create the topic, then answer 500
)

// Route names: the request counters and fault routes.
const (
	RouteStatus          = "status"
	RouteCreateTopic     = "create_topic"
	RouteListTopics      = "list_topics"
	RouteTopicPartitions = "topic_partitions"
	RoutePartition       = "partition"
	RouteBrokers         = "brokers"
	RouteProduce         = "produce"
	RouteConsume         = "consume"
	RouteToken           = "token"
	// RouteAll matches every API route (not the token endpoint).
	RouteAll = "*"
)

// RouteNames lists every counted route.
func RouteNames() []string {
	return []string{RouteStatus, RouteCreateTopic, RouteListTopics, RouteTopicPartitions, RoutePartition, RouteBrokers, RouteProduce, RouteConsume, RouteToken}
}

// Fault describes an injected failure.
type Fault struct {
	Route      string        `json:"route"`                 // route name, "*" = all API routes, "token" = token endpoint
	Kind       string        `json:"kind"`                  // latency | status | reset | create-then-fail
	Status     int           `json:"status,omitempty"`      // for kind status: 429, 500, 503, ...
	RetryAfter time.Duration `json:"retry_after,omitempty"` // Retry-After of a 429/503 (whole seconds, at least 1 for 429)
	Latency    time.Duration `json:"latency,omitempty"`     // for kind latency
	Count      int           `json:"count,omitempty"`       // times it fires; 0 = unlimited
	Rate       float64       `json:"rate,omitempty"`        // probability per matching request; 0 or 1 = always
	Seed       int64         `json:"seed,omitempty"`        // seed of the rate's random sequence (deterministic)
}

// Validate checks the fault and names the offending field.
func (f Fault) Validate() error {
	if f.Route != RouteAll && !slices.Contains(RouteNames(), f.Route) {
		return fmt.Errorf("fault route %q is unknown: want \"*\" or one of %s", f.Route, strings.Join(RouteNames(), ", "))
	}
	switch f.Kind {
	case FaultLatency:
		if f.Latency <= 0 {
			return fmt.Errorf("fault kind latency needs a positive latency, got %s", f.Latency)
		}
	case FaultStatus:
		if f.Status < 400 || f.Status > 599 {
			return fmt.Errorf("fault kind status needs a status between 400 and 599, got %d", f.Status)
		}
	case FaultReset:
	case FaultCreateThenFail:
		if f.Route != RouteCreateTopic && f.Route != RouteAll {
			return fmt.Errorf("fault kind create-then-fail applies to route create_topic or \"*\", got %q", f.Route)
		}
	default:
		return fmt.Errorf("fault kind %q is unknown: want latency, status, reset or create-then-fail", f.Kind)
	}
	if f.Count < 0 {
		return fmt.Errorf("fault count must not be negative, got %d", f.Count)
	}
	if f.Rate < 0 || f.Rate > 1 {
		return fmt.Errorf("fault rate must be between 0 and 1, got %v", f.Rate)
	}
	if f.RetryAfter < 0 {
		return fmt.Errorf("fault retry_after must not be negative, got %s", f.RetryAfter)
	}
	return nil
}

// ParseFault parses the --fault flag syntax: comma-separated key=value pairs
// with keys route, kind, status, retry_after, latency, count, rate, seed, e.g.
// "route=create_topic,kind=status,status=503,count=3". Durations take Go
// syntax ("250ms") or whole seconds ("2").
func ParseFault(s string) (Fault, error) {
	f := Fault{Route: RouteAll}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return f, fmt.Errorf("fault %q: %q is not key=value", s, part)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		var err error
		switch k {
		case "route":
			f.Route = v
		case "kind":
			f.Kind = v
		case "status":
			f.Status, err = strconv.Atoi(v)
		case "retry_after", "retry-after":
			f.RetryAfter, err = parseFlexDuration(v)
		case "latency":
			f.Latency, err = parseFlexDuration(v)
		case "count":
			f.Count, err = strconv.Atoi(v)
		case "rate":
			f.Rate, err = strconv.ParseFloat(v, 64)
		case "seed":
			f.Seed, err = strconv.ParseInt(v, 10, 64)
		default:
			return f, fmt.Errorf("fault %q: unknown key %q (want route, kind, status, retry_after, latency, count, rate, seed)", s, k)
		}
		if err != nil {
			return f, fmt.Errorf("fault %q: bad %s %q: %w", s, k, v, err)
		}
	}
	if f.Kind == "" {
		return f, fmt.Errorf("fault %q: kind is required", s)
	}
	if err := f.Validate(); err != nil {
		return f, fmt.Errorf("fault %q: %w", s, err)
	}
	return f, nil
}

func parseFlexDuration(v string) (time.Duration, error) {
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		return time.Duration(n * float64(time.Second)), nil
	}
	return time.ParseDuration(v)
}

// String renders the fault in the --fault flag syntax.
func (f Fault) String() string {
	parts := []string{"route=" + f.Route, "kind=" + f.Kind}
	if f.Status != 0 {
		parts = append(parts, "status="+strconv.Itoa(f.Status))
	}
	if f.RetryAfter != 0 {
		parts = append(parts, "retry_after="+f.RetryAfter.String())
	}
	if f.Latency != 0 {
		parts = append(parts, "latency="+f.Latency.String())
	}
	if f.Count != 0 {
		parts = append(parts, "count="+strconv.Itoa(f.Count))
	}
	if f.Rate != 0 && f.Rate != 1 {
		parts = append(parts, "rate="+strconv.FormatFloat(f.Rate, 'g', -1, 64), "seed="+strconv.FormatInt(f.Seed, 10))
	}
	return strings.Join(parts, ",")
}

// activeFault is a registered fault with its remaining count and random source.
type activeFault struct {
	id    int
	f     Fault
	fired int
	rng   *rand.Rand
}

// Faults is the set of active faults of a server; safe for concurrent use.
type Faults struct {
	mu     sync.Mutex
	nextID int
	list   []*activeFault
}

// FaultState is a registered fault and how often it has fired.
type FaultState struct {
	ID    int   `json:"id"`
	Fault Fault `json:"fault"`
	Fired int   `json:"fired"`
}

// Add registers f and returns its id. An invalid fault is not registered and
// returns -1; use Fault.Validate or AddChecked to learn why.
func (fs *Faults) Add(f Fault) int {
	id, err := fs.AddChecked(f)
	if err != nil {
		return -1
	}
	return id
}

// AddChecked registers f after validating it.
func (fs *Faults) AddChecked(f Fault) (int, error) {
	if err := f.Validate(); err != nil {
		return -1, err
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.nextID++
	seed := uint64(f.Seed)
	fs.list = append(fs.list, &activeFault{id: fs.nextID, f: f, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))})
	return fs.nextID, nil
}

// Remove unregisters the fault with the given id; it reports whether it existed.
func (fs *Faults) Remove(id int) bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, a := range fs.list {
		if a.id == id {
			fs.list = append(fs.list[:i], fs.list[i+1:]...)
			return true
		}
	}
	return false
}

// Clear removes every fault.
func (fs *Faults) Clear() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.list = nil
}

// List returns the registered faults in id order.
func (fs *Faults) List() []FaultState {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := make([]FaultState, 0, len(fs.list))
	for _, a := range fs.list {
		out = append(out, FaultState{ID: a.id, Fault: a.f, Fired: a.fired})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// plan is what the faults decided for one request.
type plan struct {
	latency  time.Duration
	terminal *Fault // status or reset, nil when the request is served
}

func (a *activeFault) matches(route string) bool {
	if a.f.Route == RouteAll {
		return route != RouteToken
	}
	return a.f.Route == route
}

// fire decides whether a matching fault fires now and consumes its count.
func (a *activeFault) fire() bool {
	if a.f.Count > 0 && a.fired >= a.f.Count {
		return false
	}
	if a.f.Rate > 0 && a.f.Rate < 1 && a.rng.Float64() >= a.f.Rate {
		return false
	}
	a.fired++
	return true
}

// before decides the faults applied before a request is served: every firing
// latency fault adds up, the first firing status or reset fault ends the
// request. Exhausted faults stay listed with their fired count.
func (fs *Faults) before(route string) plan {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var p plan
	for _, a := range fs.list {
		if !a.matches(route) {
			continue
		}
		switch a.f.Kind {
		case FaultLatency:
			if a.fire() {
				p.latency += a.f.Latency
			}
		case FaultStatus, FaultReset:
			if p.terminal == nil && a.fire() {
				f := a.f
				p.terminal = &f
			}
		}
	}
	return p
}

// afterCreate reports whether a create-then-fail fault fires for a topic that
// was just created.
func (fs *Faults) afterCreate() bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for _, a := range fs.list {
		if a.f.Kind == FaultCreateThenFail && a.matches(RouteCreateTopic) && a.fire() {
			return true
		}
	}
	return false
}

// reset drops the connection under w with a TCP reset. It reports false when
// the connection cannot be hijacked.
func resetConnection(w http.ResponseWriter) bool {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return false
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return false
	}
	raw := conn
	if nc, ok := conn.(interface{ NetConn() net.Conn }); ok {
		raw = nc.NetConn()
	}
	if tcp, ok := raw.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
		_ = tcp.Close()
		return true
	}
	_ = conn.Close()
	return true
}

// faultJSON is Fault's JSON form: durations as strings ("2s", "250ms").
type faultJSON struct {
	Route      string       `json:"route"`
	Kind       string       `json:"kind"`
	Status     int          `json:"status,omitempty"`
	RetryAfter jsonDuration `json:"retry_after,omitempty"`
	Latency    jsonDuration `json:"latency,omitempty"`
	Count      int          `json:"count,omitempty"`
	Rate       float64      `json:"rate,omitempty"`
	Seed       int64        `json:"seed,omitempty"`
}

// MarshalJSON renders durations as Go duration strings ("2s"), not nanoseconds.
func (f Fault) MarshalJSON() ([]byte, error) {
	return json.Marshal(faultJSON{
		Route: f.Route, Kind: f.Kind, Status: f.Status, RetryAfter: jsonDuration(f.RetryAfter),
		Latency: jsonDuration(f.Latency), Count: f.Count, Rate: f.Rate, Seed: f.Seed,
	})
}

// UnmarshalJSON accepts durations as strings in Go syntax ("250ms", "2s") or
// as numbers of seconds (2, 0.25), like the --fault syntax.
func (f *Fault) UnmarshalJSON(b []byte) error {
	var j faultJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*f = Fault{
		Route: j.Route, Kind: j.Kind, Status: j.Status, RetryAfter: time.Duration(j.RetryAfter),
		Latency: time.Duration(j.Latency), Count: j.Count, Rate: j.Rate, Seed: j.Seed,
	}
	return nil
}

// jsonDuration is a duration written as a string and read from a string or a
// number of seconds.
type jsonDuration time.Duration

func (d jsonDuration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

func (d *jsonDuration) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch v := v.(type) {
	case nil:
		*d = 0
	case float64:
		*d = jsonDuration(v * float64(time.Second))
	case string:
		p, err := parseFlexDuration(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("duration %q: want Go syntax such as \"250ms\" or \"2s\", or a number of seconds", v)
		}
		*d = jsonDuration(p)
	default:
		return fmt.Errorf("duration must be a string such as \"2s\" or a number of seconds, got %s", b)
	}
	return nil
}
