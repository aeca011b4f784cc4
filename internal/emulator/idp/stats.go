package idp

import (
	"maps"
	"sync"
)

// Stats counts token endpoint requests (POSTs that reached the token endpoint).
type Stats struct {
	// Requests is the number of token requests.
	Requests int64
	// Issued is the number of requests answered with an access token.
	Issued int64
	// Failed is the number of requests answered with an error.
	Failed int64
	// ByKind counts requests per credential kind of the client credentials grant (KindClientSecret,
	// KindClientCertificate, KindFederated, KindNoCredential), per other grant type by its name,
	// and "(invalid request)" for requests rejected before the form was read (unknown tenant,
	// wrong content type).
	ByKind map[string]int64
}

type statsCounter struct {
	mu sync.Mutex
	s  Stats
}

func (c *statsCounter) record(kind string, ok bool) {
	if kind == "" {
		kind = "(invalid request)"
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.s.ByKind == nil {
		c.s.ByKind = map[string]int64{}
	}
	c.s.Requests++
	if ok {
		c.s.Issued++
	} else {
		c.s.Failed++
	}
	c.s.ByKind[kind]++
}

// Stats returns a snapshot of the token endpoint counters.
func (p *Provider) Stats() Stats {
	p.stats.mu.Lock()
	defer p.stats.mu.Unlock()
	s := p.stats.s
	s.ByKind = maps.Clone(s.ByKind)
	if s.ByKind == nil {
		s.ByKind = map[string]int64{}
	}
	return s
}

// ResetStats sets the token endpoint counters to zero.
func (p *Provider) ResetStats() {
	p.stats.mu.Lock()
	p.stats.s = Stats{}
	p.stats.mu.Unlock()
}
