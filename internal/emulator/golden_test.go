package emulator

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// normalize makes a wire document comparable: ports and timestamps vary
// between runs, everything else is deterministic with one broker.
func normalize(t *testing.T, body []byte) []byte {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("response is not JSON: %v: %s", err, body)
	}
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			for k, val := range x {
				if k == "port" || k == "timestamp" {
					if _, ok := val.(float64); !ok {
						t.Errorf("%s is %T, want a number", k, val)
					}
					x[k] = 0
					continue
				}
				walk(val)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

func checkGolden(t *testing.T, name string, body []byte) {
	t.Helper()
	got := normalize(t, body)
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading %s (run with -update to create it): %v", path, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s:\ngot:\n%s\nwant:\n%s", name, path, got, want)
	}
}

// TestGoldenWireFormat pins the JSON of every operation, errors included.
func TestGoldenWireFormat(t *testing.T) {
	e := newTestEnv(t, nil)
	steps := []struct {
		golden     string
		method     string
		path       string
		body       string
		wantStatus int
		wantNext   string
	}{
		{"status", "GET", "/v1/status", "", 200, ""},
		{"create_topic", "PUT", "/v1/topics/orders", `{"partition_count":2,"replication_factor":1,"topic_properties":{"retention.ms":604800000,"min.insync.replicas":"1"}}`, 200, ""},
		{"create_topic_exists", "PUT", "/v1/topics/orders", `{}`, 400, ""},
		{"list_topics", "GET", "/v1/metadata/topics", "", 200, ""},
		{"produce", "POST", "/v1/producer/topics/orders", `{"records":[{"key":"key1","value":"a string","partition":1},{"partition":1,"value":5},{"partition":1,"value":{"id":1,"name":"HDInsight Kafka REST proxy"}}]}`, 200, ""},
		{"topic_partitions", "GET", "/v1/metadata/topics/orders/partitions", "", 200, ""},
		{"partition", "GET", "/v1/metadata/topics/orders/partitions/1", "", 200, ""},
		{"brokers", "GET", "/v1/metadata/brokers", "", 200, ""},
		{"consume", "GET", "/v1/consumer/topics/orders/partitions/1/offsets/0?count=3", "", 200, "3"},
		{"consume_end", "GET", "/v1/consumer/topics/orders/partitions/1/offsets/3", "", 200, "3"},
		{"not_found", "GET", "/v1/metadata/topics/missing/partitions", "", 404, ""},
	}
	for _, s := range steps {
		var body any
		if s.body != "" {
			body = s.body
		}
		r := e.do(s.method, s.path, body)
		if r.status != s.wantStatus {
			t.Fatalf("%s %s: status %d, want %d: %s", s.method, s.path, r.status, s.wantStatus, r.body)
		}
		if s.wantNext != "" {
			if got := r.header.Get("NextOffset"); got != s.wantNext {
				t.Errorf("%s: NextOffset header %q, want %q", s.golden, got, s.wantNext)
			}
		}
		if ct := r.header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s: Content-Type %q", s.golden, ct)
		}
		checkGolden(t, s.golden, r.body)
	}
	if r := e.do(http.MethodGet, "/v1/status", nil); string(bytes.TrimSpace(r.body)) != `"OK"` {
		t.Errorf("status body %s, want the JSON string \"OK\"", r.body)
	}
}
