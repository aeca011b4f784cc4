package emulator

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"
)

// route is a matched API route.
type route struct {
	name   string
	method string
	topic  string
	part   string // raw partition segment
	offset string // raw offset segment
}

// matchRoute maps an escaped /v1/... path to a route. Segments are unescaped
// one by one, so an escaped "/" in a topic name stays inside that segment.
func matchRoute(escapedPath string) (route, bool) {
	raw := strings.Split(strings.TrimPrefix(escapedPath, "/"), "/")
	seg := make([]string, len(raw))
	for i, r := range raw {
		u, err := url.PathUnescape(r)
		if err != nil {
			return route{}, false
		}
		seg[i] = u
	}
	n := len(seg)
	if n < 2 || seg[0] != "v1" {
		return route{}, false
	}
	for i := 1; i < n; i++ {
		// Only the topic segments may be anything; structure segments and
		// numeric segments must be non-empty.
		if seg[i] == "" {
			return route{}, false
		}
	}
	switch {
	case n == 2 && seg[1] == "status":
		return route{name: RouteStatus, method: http.MethodGet}, true
	case n == 3 && seg[1] == "topics":
		return route{name: RouteCreateTopic, method: http.MethodPut, topic: seg[2]}, true
	case n == 3 && seg[1] == "metadata" && seg[2] == "topics":
		return route{name: RouteListTopics, method: http.MethodGet}, true
	case n == 3 && seg[1] == "metadata" && seg[2] == "brokers":
		return route{name: RouteBrokers, method: http.MethodGet}, true
	case n == 5 && seg[1] == "metadata" && seg[2] == "topics" && seg[4] == "partitions":
		return route{name: RouteTopicPartitions, method: http.MethodGet, topic: seg[3]}, true
	case n == 6 && seg[1] == "metadata" && seg[2] == "topics" && seg[4] == "partitions":
		return route{name: RoutePartition, method: http.MethodGet, topic: seg[3], part: seg[5]}, true
	case n == 4 && seg[1] == "producer" && seg[2] == "topics":
		return route{name: RouteProduce, method: http.MethodPost, topic: seg[3]}, true
	case n == 8 && seg[1] == "consumer" && seg[2] == "topics" && seg[4] == "partitions" && seg[6] == "offsets":
		return route{name: RouteConsume, method: http.MethodGet, topic: seg[3], part: seg[5], offset: seg[7]}, true
	}
	return route{}, false
}

// statusRecorder remembers the status for the access log and keeps Hijack.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Hijack() (c net.Conn, rw *bufio.ReadWriter, err error) {
	hj, ok := s.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, fmt.Errorf("connection cannot be hijacked")
	}
	s.status = -1
	return hj.Hijack()
}

// ServeHTTP serves the v1 API under /v1/ and the identity provider elsewhere.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w}
	name := ""
	switch {
	case r.URL.Path == "/v1" || strings.HasPrefix(r.URL.Path, "/v1/"):
		name = s.serveAPI(rec, r)
	case isTokenPath(r.URL.Path):
		name = RouteToken
		s.serveToken(rec, r)
	default:
		s.idpHTTP.ServeHTTP(rec, r)
	}
	s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "route", name,
		"status", rec.status, "duration", time.Since(start).String(), "remote", r.RemoteAddr)
}

// applyFaults runs the faults planned for route. It reports true when a fault
// answered (or dropped) the request.
func (s *Server) applyFaults(w http.ResponseWriter, r *http.Request, name string, token bool) bool {
	p := s.faults.before(name)
	if p.latency > 0 {
		sleep := retry.Sleep
		if f := s.sleep.Load(); f != nil {
			sleep = *f
		}
		if err := sleep(r.Context(), p.latency); err != nil {
			return true
		}
	}
	if p.terminal == nil {
		return false
	}
	f := p.terminal
	switch f.Kind {
	case FaultReset:
		s.log.Debug("fault: resetting connection", "route", name)
		if !resetConnection(w) {
			writeError(w, http.StatusInternalServerError, "injected connection reset could not hijack the connection")
		}
	case FaultStatus:
		if f.Status == http.StatusTooManyRequests || f.RetryAfter > 0 {
			w.Header().Set("Retry-After", retryAfterSeconds(f.RetryAfter))
		}
		msg := fmt.Sprintf("injected fault: %d %s", f.Status, http.StatusText(f.Status))
		if token {
			writeJSON(w, f.Status, map[string]any{
				"error":             tokenErrorCode(f.Status),
				"error_description": msg, // no AADSTS code and no error_codes: an outage carries none
				"timestamp":         time.Now().UTC().Format(time.RFC3339),
			})
		} else {
			writeError(w, f.Status, msg)
		}
	}
	return true
}

func tokenErrorCode(status int) string {
	switch {
	case status == http.StatusTooManyRequests || status >= 500:
		return "temporarily_unavailable"
	case status == http.StatusUnauthorized:
		return "invalid_client"
	default:
		return "invalid_request"
	}
}

// serveToken counts and faults the token endpoint, then hands it to the IdP.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	s.counters.inc(RouteToken)
	if s.applyFaults(w, r, RouteToken, true) {
		return
	}
	s.idpHTTP.ServeHTTP(w, r)
}

// serveAPI routes one /v1/ request: counter, proxy node (round robin over
// every matched request, faulted and refused ones included), faults,
// authorization, method check, handler. It returns the route name.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) string {
	rt, ok := matchRoute(r.URL.EscapedPath())
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no API operation at %s", r.URL.Path))
		return ""
	}
	s.counters.inc(rt.name)
	node := s.pickNode()
	if s.applyFaults(w, r, rt.name, false) {
		return rt.name
	}
	if status, err := (*s.auth.Load()).Authorize(r); status != 0 {
		msg := http.StatusText(status)
		if err != nil {
			msg = err.Error()
		}
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		}
		writeError(w, status, msg)
		return rt.name
	}
	if r.Method != rt.method {
		w.Header().Set("Allow", rt.method)
		writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("method %s is not allowed on %s; use %s", r.Method, r.URL.Path, rt.method))
		return rt.name
	}
	var err error
	switch rt.name {
	case RouteStatus:
		writeJSON(w, http.StatusOK, "OK")
	case RouteCreateTopic:
		err = s.handleCreateTopic(w, r, rt.topic)
	case RouteListTopics:
		err = s.handleListTopics(w, r, node)
	case RouteTopicPartitions:
		err = s.handleTopicPartitions(w, r, node, rt.topic)
	case RoutePartition:
		err = s.handlePartition(w, r, node, rt.topic, rt.part)
	case RouteBrokers:
		err = s.handleBrokers(w, r)
	case RouteProduce:
		err = s.handleProduce(w, r, node, rt.topic)
	case RouteConsume:
		err = s.handleConsume(w, r, rt.topic, rt.part, rt.offset)
	}
	if err != nil {
		var ae *apiError
		if !errors.As(err, &ae) {
			s.log.Warn("request failed", "route", rt.name, "proxy_node", node, "path", r.URL.Path, "error", err)
		}
		writeErr(w, err)
	}
	return rt.name
}
