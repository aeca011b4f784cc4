package emulator

import "sync/atomic"

// counters counts requests per route name, including rejected ones.
type counters struct {
	m map[string]*atomic.Int64 // fixed key set, read-only after construction
}

func newCounters() *counters {
	c := &counters{m: map[string]*atomic.Int64{}}
	for _, r := range RouteNames() {
		c.m[r] = new(atomic.Int64)
	}
	return c
}

func (c *counters) inc(route string) {
	if n, ok := c.m[route]; ok {
		n.Add(1)
	}
}

func (c *counters) snapshot() map[string]int64 {
	out := make(map[string]int64, len(c.m))
	for k, v := range c.m {
		out[k] = v.Load()
	}
	return out
}

func (c *counters) reset() {
	for _, v := range c.m {
		v.Store(0)
	}
}
