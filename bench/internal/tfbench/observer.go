package tfbench

import (
	"context"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Event is one request served by the emulator, as its access log reports it,
// or one topic creation in the backend (Created true).
type Event struct {
	Seq     int64
	End     time.Time // when the emulator logged it (request finished / topic created)
	Start   time.Time // request start (End minus the logged duration)
	Route   string    // emulator route name; "" for the identity provider's discovery routes
	Method  string
	Path    string
	Status  int // -1 when the connection was reset
	Topic   string
	Port    int // client's source port
	Created bool
}

// Observer is a slog.Handler for the emulator's logger. It records every
// request of the access log and every "topic created" message, so that a
// benchmark can see what the provider did from the server side.
type Observer struct {
	mu     sync.Mutex
	seq    int64
	events []Event
	attrs  []slog.Attr
	root   *Observer
}

// NewObserver returns an empty observer.
func NewObserver() *Observer {
	o := &Observer{}
	o.root = o
	return o
}

// Enabled implements slog.Handler: everything down to debug is observed.
func (o *Observer) Enabled(context.Context, slog.Level) bool { return true }

// WithAttrs implements slog.Handler.
func (o *Observer) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &Observer{root: o.root, attrs: append(append([]slog.Attr(nil), o.attrs...), attrs...)}
}

// WithGroup implements slog.Handler; groups are flattened.
func (o *Observer) WithGroup(string) slog.Handler { return o }

// Handle implements slog.Handler.
func (o *Observer) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "request" && r.Message != "topic created" {
		return nil
	}
	vals := map[string]slog.Value{}
	for _, a := range o.attrs {
		vals[a.Key] = a.Value.Resolve()
	}
	r.Attrs(func(a slog.Attr) bool {
		vals[a.Key] = a.Value.Resolve()
		return true
	})
	end := r.Time
	if end.IsZero() {
		end = time.Now()
	}
	ev := Event{End: end, Start: end}
	if r.Message == "topic created" {
		ev.Created = true
		ev.Topic = vals["topic"].String()
	} else {
		ev.Route = str(vals, "route")
		ev.Method = str(vals, "method")
		ev.Path = str(vals, "path")
		if v, ok := vals["status"]; ok && v.Kind() == slog.KindInt64 {
			ev.Status = int(v.Int64())
		}
		if d, err := time.ParseDuration(str(vals, "duration")); err == nil {
			ev.Start = end.Add(-d)
		}
		ev.Topic = topicOfPath(ev.Path)
		if _, p, err := net.SplitHostPort(str(vals, "remote")); err == nil {
			ev.Port, _ = strconv.Atoi(p)
		}
	}
	root := o.root
	root.mu.Lock()
	root.seq++
	ev.Seq = root.seq
	root.events = append(root.events, ev)
	root.mu.Unlock()
	return nil
}

func str(vals map[string]slog.Value, key string) string {
	v, ok := vals[key]
	if !ok {
		return ""
	}
	return v.String()
}

// topicOfPath extracts the topic of /v1/topics/{t} and /v1/metadata/topics/{t}/...
func topicOfPath(p string) string {
	seg := strings.Split(strings.TrimPrefix(p, "/"), "/")
	switch {
	case len(seg) == 3 && seg[0] == "v1" && seg[1] == "topics":
		return seg[2]
	case len(seg) >= 5 && seg[0] == "v1" && seg[1] == "metadata" && seg[2] == "topics":
		return seg[3]
	case len(seg) >= 4 && seg[0] == "v1" && (seg[1] == "producer" || seg[1] == "consumer") && seg[2] == "topics":
		return seg[3]
	}
	return ""
}

// Mark returns a position in the event log; Since(mark) returns what came after.
func (o *Observer) Mark() int64 {
	o.root.mu.Lock()
	defer o.root.mu.Unlock()
	return o.root.seq
}

// Since returns a copy of the events recorded after mark, in log order.
func (o *Observer) Since(mark int64) []Event {
	o.root.mu.Lock()
	defer o.root.mu.Unlock()
	var out []Event
	for i := len(o.root.events) - 1; i >= 0 && o.root.events[i].Seq > mark; i-- {
		out = append(out, o.root.events[i])
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// Creations counts, per topic, how often the backend created it after mark.
func (o *Observer) Creations(mark int64) map[string]int {
	out := map[string]int{}
	for _, e := range o.Since(mark) {
		if e.Created {
			out[e.Topic]++
		}
	}
	return out
}
