package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
)

type staticToken struct{}

func (staticToken) Token(context.Context) (string, error) { return "token", nil }

func TestProcessTopicsLookup(t *testing.T) {
	var lists atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lists.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"topics":["orders","metrics_v1","a.b.c"]}`))
	}))
	defer srv.Close()
	client, err := kafkarest.New(kafkarest.Config{Endpoint: srv.URL, Tokens: staticToken{}})
	if err != nil {
		t.Fatal(err)
	}
	p := newProcessTopics()
	ctx := context.Background()
	cases := []struct {
		name string
		want existence
	}{
		{"orders", existence{Exists: true}},
		{"metrics.v1", existence{Collides: "metrics_v1"}},
		{"metrics_v1", existence{Exists: true}},
		{"a_b.c", existence{Collides: "a.b.c"}},
		{"a_b_c", existence{Collides: "a.b.c"}},
		{"payments", existence{}},
		{"orders-", existence{}},
	}
	for _, tc := range cases {
		got, err := p.lookup(ctx, client, tc.name)
		if err != nil || got != tc.want {
			t.Errorf("lookup(%q) = %+v, %v; want %+v", tc.name, got, err, tc.want)
		}
	}
	if n := lists.Load(); n != 1 {
		t.Errorf("list requests = %d, want 1 for the whole process", n)
	}
	p.created("payments")
	if got, _ := p.lookup(ctx, client, "payments"); !got.Exists {
		t.Error("a topic created by this process must exist for later lookups")
	}
	if !p.isManaged("payments") {
		t.Error("a topic created by this process is managed")
	}
	if _, err := p.refetch(ctx, client, "orders"); err != nil || lists.Load() != 2 {
		t.Errorf("refetch: err %v, lists %d; want a fresh list", err, lists.Load())
	}
	if n := p.planCreate("x"); n != 1 || p.planCreate("x") != 2 || !p.creationPlanned("x") {
		t.Error("planCreate must count creations per name")
	}
	p.setPending("p")
	if !p.isPending("p") {
		t.Error("setPending")
	}
	p.visible("p")
	if p.isPending("p") {
		t.Error("visible must end the pending state")
	}
}
