package emulator

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func TestParseFault(t *testing.T) {
	tests := []struct {
		in      string
		want    Fault
		wantErr string
	}{
		{"route=create_topic,kind=status,status=503,count=3", Fault{Route: "create_topic", Kind: "status", Status: 503, Count: 3}, ""},
		{"kind=status,status=429,retry_after=2", Fault{Route: "*", Kind: "status", Status: 429, RetryAfter: 2 * time.Second}, ""},
		{"route=token,kind=latency,latency=250ms", Fault{Route: "token", Kind: "latency", Latency: 250 * time.Millisecond}, ""},
		{"route=produce,kind=reset,rate=0.5,seed=7", Fault{Route: "produce", Kind: "reset", Rate: 0.5, Seed: 7}, ""},
		{"route=create_topic,kind=create-then-fail,count=1", Fault{Route: "create_topic", Kind: "create-then-fail", Count: 1}, ""},
		{"route=nope,kind=reset", Fault{}, "route \"nope\" is unknown"},
		{"kind=explode", Fault{}, "kind \"explode\" is unknown"},
		{"route=status", Fault{}, "kind is required"},
		{"kind=status,status=200", Fault{}, "between 400 and 599"},
		{"kind=latency", Fault{}, "positive latency"},
		{"kind=reset,rate=2", Fault{}, "rate must be between 0 and 1"},
		{"kind=reset,count=-1", Fault{}, "count must not be negative"},
		{"route=produce,kind=create-then-fail", Fault{}, "create_topic"},
		{"kind=reset,color=red", Fault{}, "unknown key \"color\""},
		{"kind=reset,oops", Fault{}, "not key=value"},
		{"kind=status,status=abc", Fault{}, "bad status"},
	}
	for _, tc := range tests {
		got, err := ParseFault(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseFault(%q) error %v, want it to contain %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseFault(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			continue
		}
		if back, err := ParseFault(got.String()); err != nil || back != got {
			t.Errorf("String() %q does not parse back: %+v, %v", got.String(), back, err)
		}
	}
}

func TestFaultStatus(t *testing.T) {
	e := newTestEnv(t, nil)
	tests := []struct {
		fault      Fault
		path       string
		wantStatus int
		wantRetry  string
	}{
		{Fault{Route: RouteStatus, Kind: FaultStatus, Status: 429, RetryAfter: 2 * time.Second, Count: 2}, "/v1/status", 429, "2"},
		{Fault{Route: RouteAll, Kind: FaultStatus, Status: 500, Count: 2}, "/v1/metadata/brokers", 500, ""},
		{Fault{Route: RouteListTopics, Kind: FaultStatus, Status: 503, RetryAfter: time.Second, Count: 2}, "/v1/metadata/topics", 503, "1"},
		{Fault{Route: RouteStatus, Kind: FaultStatus, Status: 429, Count: 2}, "/v1/status", 429, "1"},
	}
	for _, tc := range tests {
		id := e.srv.Faults().Add(tc.fault)
		if id < 0 {
			t.Fatalf("Add(%+v) refused", tc.fault)
		}
		for i := range 2 {
			r := e.do(http.MethodGet, tc.path, nil)
			checkErrorBody(t, r, tc.wantStatus, "injected")
			if got := r.header.Get("Retry-After"); got != tc.wantRetry {
				t.Errorf("%s attempt %d: Retry-After %q, want %q", tc.fault, i, got, tc.wantRetry)
			}
		}
		e.mustStatus(e.do(http.MethodGet, tc.path, nil), http.StatusOK, tc.fault.String()+" after its count")
		if st := e.srv.Faults().List(); len(st) != 1 || st[0].Fired != 2 {
			t.Errorf("fault list %+v, want one fault fired twice", st)
		}
		if !e.srv.Faults().Remove(id) || e.srv.Faults().Remove(id) {
			t.Errorf("Remove(%d) should succeed once", id)
		}
	}
	// "*" does not cover the token endpoint; "token" does.
	e.srv.Faults().Add(Fault{Route: RouteAll, Kind: FaultStatus, Status: 503})
	if s, _ := e.fetchToken(testClientID, testSecret); s != http.StatusOK {
		t.Errorf("token with a \"*\" fault: %d", s)
	}
	e.srv.Faults().Clear()
	e.srv.Faults().Add(Fault{Route: RouteToken, Kind: FaultStatus, Status: 503, Count: 1})
	if s, _ := e.fetchToken(testClientID, testSecret); s != http.StatusServiceUnavailable {
		t.Errorf("token with a token fault: %d, want 503", s)
	}
	if s, tok := e.fetchToken(testClientID, testSecret); s != http.StatusOK || tok == "" {
		t.Errorf("token after the fault: %d", s)
	}
	if e.srv.Faults().Add(Fault{Route: "nope", Kind: FaultReset}) != -1 {
		t.Error("Add accepted an invalid fault")
	}
}

// TestFaultLatency checks the latency each request waits out, through an
// injected sleeper (no elapsed-time measurement).
func TestFaultLatency(t *testing.T) {
	e := newTestEnv(t, nil)
	var (
		mu    sync.Mutex
		slept []time.Duration
	)
	e.srv.setSleeper(func(_ context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		slept = append(slept, d)
		return nil
	})
	status := func() {
		e.mustStatus(e.do(http.MethodGet, "/v1/status", nil), http.StatusOK, "status")
	}
	token := func() {
		if s, _ := e.fetchToken(testClientID, testSecret); s != http.StatusOK {
			t.Errorf("token: %d", s)
		}
	}
	const lat = 150 * time.Millisecond
	steps := []struct {
		name    string
		faults  []Fault
		request func()
		want    []time.Duration
	}{
		{"status route", []Fault{{Route: RouteStatus, Kind: FaultLatency, Latency: lat, Count: 1}}, status, []time.Duration{lat}},
		{"count used up", nil, status, nil},
		{"other route not delayed", []Fault{{Route: RouteBrokers, Kind: FaultLatency, Latency: lat}}, status, nil},
		{"token endpoint", []Fault{{Route: RouteToken, Kind: FaultLatency, Latency: lat, Count: 1}}, token, []time.Duration{lat}},
		{"latencies add up", []Fault{
			{Route: RouteAll, Kind: FaultLatency, Latency: lat, Count: 1},
			{Route: RouteStatus, Kind: FaultLatency, Latency: 2 * lat, Count: 1},
		}, status, []time.Duration{3 * lat}},
		{"\"*\" does not delay the token endpoint", []Fault{{Route: RouteAll, Kind: FaultLatency, Latency: lat}}, token, nil},
	}
	for _, st := range steps {
		mu.Lock()
		slept = nil
		mu.Unlock()
		for _, f := range st.faults {
			if e.srv.Faults().Add(f) < 0 {
				t.Fatalf("%s: fault %s refused", st.name, f)
			}
		}
		st.request()
		mu.Lock()
		got := slices.Clone(slept)
		mu.Unlock()
		if !slices.Equal(got, st.want) {
			t.Errorf("%s: waited %v, want %v", st.name, got, st.want)
		}
	}
}

func TestFaultReset(t *testing.T) {
	e := newTestEnv(t, nil)
	for _, route := range []string{RouteProduce, RouteToken} {
		e.srv.Faults().Add(Fault{Route: route, Kind: FaultReset, Count: 1})
	}
	e.createTopic("reset", nil)
	_, err := e.try(e.token, http.MethodPost, "/v1/producer/topics/reset", `{"records":[{"value":1}]}`)
	if err == nil {
		t.Fatal("produce with a reset fault succeeded")
	}
	if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("produce with a reset fault: %v, want a connection reset", err)
	}
	e.mustStatus(e.do(http.MethodPost, "/v1/producer/topics/reset", `{"records":[{"value":1}]}`), http.StatusOK, "produce after the reset")
	b, _ := e.consume("reset", 0, 0, 10)
	if len(b.Records) != 1 {
		t.Errorf("%d records after one reset and one produce, want 1", len(b.Records))
	}
	form := strings.NewReader("grant_type=client_credentials")
	req, _ := http.NewRequest(http.MethodPost, e.srv.AuthorityHost()+e.srv.Tenant()+"/oauth2/v2.0/token", form)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if resp, err := e.http.Do(req); err == nil {
		resp.Body.Close()
		t.Error("token request with a reset fault succeeded")
	}
}

func TestFaultCreateThenFail(t *testing.T) {
	e := newTestEnv(t, func(o *Options) {
		o.Faults = []Fault{{Route: RouteCreateTopic, Kind: FaultCreateThenFail, Count: 1}}
	})
	// A refused create does not consume the fault.
	checkErrorBody(t, e.do(http.MethodPut, "/v1/topics/bad..name!", nil), http.StatusBadRequest, "")
	r := e.do(http.MethodPut, "/v1/topics/ctf", map[string]any{"partition_count": 2})
	checkErrorBody(t, r, http.StatusInternalServerError, "injected")
	e.mustStatus(e.do(http.MethodGet, "/v1/metadata/topics/ctf/partitions", nil), http.StatusOK, "the topic exists after create-then-fail")
	checkErrorBody(t, e.do(http.MethodPut, "/v1/topics/ctf", nil), http.StatusBadRequest, "already exists")
	e.createTopic("ctf2", nil)
}

// TestFaultRateDeterministic checks that a seed fixes the firing sequence.
func TestFaultRateDeterministic(t *testing.T) {
	sequence := func(seed int64) []bool {
		var fs Faults
		fs.Add(Fault{Route: RouteStatus, Kind: FaultStatus, Status: 500, Rate: 0.5, Seed: seed})
		out := make([]bool, 64)
		for i := range out {
			out[i] = fs.before(RouteStatus).terminal != nil
		}
		return out
	}
	a, b, c := sequence(42), sequence(42), sequence(43)
	fired := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same seed, different decision at %d", i)
		}
		if a[i] {
			fired++
		}
	}
	if fired == 0 || fired == len(a) {
		t.Errorf("rate 0.5 fired %d of %d times", fired, len(a))
	}
	if equalBools(a, c) {
		t.Error("different seeds gave the same sequence")
	}

	// Through the server, with a count on top of the rate.
	e := newTestEnv(t, nil)
	e.srv.Faults().Add(Fault{Route: RouteStatus, Kind: FaultStatus, Status: 503, Rate: 0.5, Seed: 42, Count: 3})
	var got []bool
	for range 20 {
		got = append(got, e.do(http.MethodGet, "/v1/status", nil).status == 503)
	}
	// Until the count is used up every request draws from the seeded sequence:
	// exactly its first three firing indices fail, and no other request.
	var want, failed []int
	for i := range got {
		if a[i] && len(want) < 3 {
			want = append(want, i)
		}
		if got[i] {
			failed = append(failed, i)
		}
	}
	if !slices.Equal(failed, want) {
		t.Errorf("requests %v failed, want exactly %v (the seeded sequence's first three firings)", failed, want)
	}
}

func equalBools(a, b []bool) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAdminAPI(t *testing.T) {
	e := newTestEnv(t, func(o *Options) { o.AdminAddr = "127.0.0.1:0" })
	e.srv.setClock((&fakeClock{now: time.Unix(1_700_000_000, 0)}).Now) // the cache's time stands still
	admin := e.srv.AdminURL()
	if !strings.HasPrefix(admin, "http://127.0.0.1:") {
		t.Fatalf("AdminURL %q", admin)
	}
	call := func(method, path, body string) (int, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, admin+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, data
	}
	if s, b := call(http.MethodPost, "/faults", "route=status,kind=status,status=500,count=1"); s != 200 || !strings.Contains(string(b), `"id"`) {
		t.Fatalf("add fault: %d %s", s, b)
	}
	if s, b := call(http.MethodPost, "/faults", "route=nope,kind=reset"); s != 400 {
		t.Errorf("bad fault: %d %s", s, b)
	}
	checkErrorBody(t, e.do(http.MethodGet, "/v1/status", nil), 500, "injected")
	e.mustStatus(e.do(http.MethodGet, "/v1/status", nil), 200, "status")
	s, b := call(http.MethodGet, "/counters", "")
	var counters map[string]int64
	if err := json.Unmarshal(b, &counters); s != 200 || err != nil || counters[RouteStatus] != 2 {
		t.Errorf("counters: %d %s", s, b)
	}
	if s, _ := call(http.MethodPost, "/counters/reset", ""); s != http.StatusNoContent || e.srv.Counters()[RouteStatus] != 0 {
		t.Errorf("reset counters: %d", s)
	}
	e.createTopic("admin-seen", map[string]any{"partition_count": 2})
	if s, b := call(http.MethodGet, "/proxy-nodes/0/topics", ""); s != 200 || strings.TrimSpace(string(b)) != `{"admin-seen":2}` {
		t.Errorf("node 0 topics: %d %s", s, b)
	}
	if s, b := call(http.MethodGet, "/proxy-nodes/1/topics", ""); s != 404 || !strings.Contains(string(b), "proxy node 1 does not exist") {
		t.Errorf("node 1 of one: %d %s", s, b)
	}
	if s, b := call(http.MethodPut, "/visibility-delay?value=3s", ""); s != 200 || e.srv.VisibilityDelay() != 3*time.Second {
		t.Errorf("visibility delay: %d %s", s, b)
	}
	e.createTopic("admin-pending", nil)
	if s, b := call(http.MethodGet, "/proxy-nodes/0/topics", ""); s != 200 || strings.TrimSpace(string(b)) != `{"admin-seen":2}` {
		t.Errorf("node 0 topics within the 3s delay: %d %s", s, b)
	}
	if s, _ := call(http.MethodDelete, "/faults", ""); s != http.StatusNoContent || len(e.srv.Faults().List()) != 0 {
		t.Errorf("clear faults: %d", s)
	}
	if _, err := New(context.Background(), Options{AdminAddr: "0.0.0.0:0"}); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("non-loopback admin address: %v", err)
	}
}

// TestAdminFaultJSONDurations: POST /faults takes JSON durations as strings
// ("2s") or numbers of seconds, like --fault, and GET /faults renders them as
// strings.
func TestAdminFaultJSONDurations(t *testing.T) {
	e := newTestEnv(t, func(o *Options) { o.AdminAddr = "127.0.0.1:0" })
	tests := []struct {
		name     string
		body     string
		status   int
		want     Fault
		wantJSON string // fragment of GET /faults
	}{
		{"string retry_after", `{"route":"status","kind":"status","status":429,"retry_after":"2s"}`, 200,
			Fault{Route: "status", Kind: "status", Status: 429, RetryAfter: 2 * time.Second}, `"retry_after":"2s"`},
		{"seconds as a number", `{"route":"brokers","kind":"status","status":503,"retry_after":3}`, 200,
			Fault{Route: "brokers", Kind: "status", Status: 503, RetryAfter: 3 * time.Second}, `"retry_after":"3s"`},
		{"fractional seconds", `{"route":"produce","kind":"latency","latency":0.25}`, 200,
			Fault{Route: "produce", Kind: "latency", Latency: 250 * time.Millisecond}, `"latency":"250ms"`},
		{"string latency", `{"route":"consume","kind":"latency","latency":"1m30s","count":2}`, 200,
			Fault{Route: "consume", Kind: "latency", Latency: 90 * time.Second, Count: 2}, `"latency":"1m30s"`},
		{"bad duration string", `{"route":"status","kind":"latency","latency":"soon"}`, 400, Fault{}, ""},
		{"duration of the wrong type", `{"route":"status","kind":"latency","latency":true}`, 400, Fault{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e.srv.Faults().Clear()
			s, b := adminCall(t, e.srv.AdminURL(), http.MethodPost, "/faults", tc.body)
			if s != tc.status {
				t.Fatalf("POST /faults %s: %d %s, want %d", tc.body, s, b, tc.status)
			}
			list := e.srv.Faults().List()
			if tc.status != http.StatusOK {
				if len(list) != 0 || !strings.Contains(string(b), "duration") {
					t.Fatalf("refused fault: %s, registered %v", b, list)
				}
				return
			}
			if len(list) != 1 || list[0].Fault != tc.want {
				t.Fatalf("registered %+v, want %+v", list, tc.want)
			}
			s, b = adminCall(t, e.srv.AdminURL(), http.MethodGet, "/faults", "")
			if s != http.StatusOK || !strings.Contains(string(b), tc.wantJSON) {
				t.Fatalf("GET /faults: %d %s, want it to contain %s", s, b, tc.wantJSON)
			}
			// What GET renders can be posted back.
			var got []FaultState
			if err := json.Unmarshal(b, &got); err != nil || len(got) != 1 || got[0].Fault != tc.want {
				t.Fatalf("GET /faults decodes to %+v (%v), want %+v", got, err, tc.want)
			}
		})
	}
}

func adminCall(t *testing.T, admin, method, path, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, admin+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}
