package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"
)

// checkText asserts that a diagnostic's summary and detail contain every fragment of want and none
// of notWant.
func checkText(t *testing.T, d diag.Diagnostic, want, notWant []string) {
	t.Helper()
	text := d.Summary() + "\n" + d.Detail()
	for _, f := range want {
		if !strings.Contains(text, f) {
			t.Errorf("lacks %q:\n%s", f, text)
		}
	}
	for _, f := range notWant {
		if strings.Contains(text, f) {
			t.Errorf("contains %q:\n%s", f, text)
		}
	}
}

func TestDiagImmutableWaysForward(t *testing.T) {
	cases := []struct {
		name                      string
		attr, cluster, configured string
		want, notWant             []string
	}{
		{"topic_properties re-adopt by import", "topic_properties", `{ "retention.ms" = "1" }`, `{ "retention.ms" = "2" }`,
			[]string{"kafka-configs.sh", "--entity-name orders", "a refresh cannot read topic properties",
				"terraform state rm hdikafka_topic.<name>", "terraform import hdikafka_topic.<name> orders", "import block",
				"first apply after an import records the configured topic_properties without verification",
				"lifecycle { ignore_changes = [topic_properties] }"},
			[]string{"-refresh-only", "align"}},
		{"more partitions", "partition_count", "3", "6",
			[]string{"--alter --topic orders --partitions 6", "terraform apply -refresh-only", "lifecycle { ignore_changes = [partition_count] }"},
			[]string{"terraform import", "cannot reduce"}},
		{"fewer partitions", "partition_count", "6", "3",
			[]string{"Kafka cannot reduce the number of partitions", "set partition_count to the cluster's value 6",
				"new topic with 3 partitions under another name", "lifecycle { ignore_changes = [partition_count] }"},
			[]string{"nothing:", "-refresh-only", "kafka-topics.sh", "align"}},
		{"replication factor", "replication_factor", "2", "3",
			[]string{"kafka-reassign-partitions.sh", "terraform apply -refresh-only", "replication_factor = 2"},
			[]string{"terraform import"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, sev := range []diag.Severity{diag.SeverityWarning, diag.SeverityError} {
				d := diagImmutable("orders", tc.attr, tc.cluster, tc.configured, sev)
				if d.Severity() != sev {
					t.Errorf("severity %v, want %v", d.Severity(), sev)
				}
				checkText(t, d, tc.want, tc.notWant)
			}
			checkText(t, diagImmutable("orders", tc.attr, tc.cluster, tc.configured, diag.SeverityWarning),
				[]string{"terraform apply will refuse it", "terraform destroy works", "-detailed-exitcode exits with 2"}, nil)
			checkText(t, diagImmutable("orders", tc.attr, tc.cluster, tc.configured, diag.SeverityError),
				[]string{"Nothing was sent to the cluster"}, []string{"-detailed-exitcode"})
		})
	}
}

func TestDestroyWarningsHaveConstantSummaries(t *testing.T) {
	cases := []struct {
		name        string
		mk          func(topic string) diag.Diagnostic
		wantSummary string
	}{
		{"planned", diagDestroyPlanned, "Kafka topic will not be deleted"},
		{"applied", diagDestroyApplied, "Kafka topic removed from the state only"},
		{"rename", func(topic string) diag.Diagnostic { return diagReplacePlanned(topic, topic+"-v2") },
			"Renaming a Kafka topic creates a new topic and leaves the old one on the cluster"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, b := tc.mk("orders"), tc.mk("payments")
			if a.Summary() != tc.wantSummary || b.Summary() != tc.wantSummary {
				t.Errorf("summaries %q and %q, want both %q", a.Summary(), b.Summary(), tc.wantSummary)
			}
			checkText(t, a, []string{`"orders"`, "--delete --topic orders"}, nil)
			checkText(t, b, []string{`"payments"`, "--delete --topic payments"}, nil)
		})
	}
}

func TestCreateRejectedNamesTheLikelyCauseWithoutImport(t *testing.T) {
	d := diagCreateRejected("orders", &kafkarest.CreateRejectedError{Topic: "orders",
		API: &kafkarest.APIError{Method: "PUT", Path: "/v1/topics/orders", StatusCode: 400, Body: "already exists"}})
	checkText(t, d, []string{`Unable to create Kafka topic "orders"`, "HTTP 400", "already exists",
		"not visible yet", "another resource of this configuration", `data "hdikafka_topic"`, "one owner"},
		[]string{"terraform import"})
	if wp, ok := d.(diag.DiagnosticWithPath); !ok || !wp.Path().Equal(path.Root("name")) {
		t.Errorf("diagnostic is not on attribute name")
	}
}

func TestCheckMinInsync(t *testing.T) {
	cases := []struct {
		name  string
		rf    int64 // 0 = null
		props map[string]string
		warn  bool
	}{
		{"above", 2, map[string]string{"min.insync.replicas": "3"}, true},
		{"above with spaces", 1, map[string]string{"min.insync.replicas": " 2 "}, true},
		{"equal", 3, map[string]string{"min.insync.replicas": "3"}, false},
		{"below", 3, map[string]string{"min.insync.replicas": "2"}, false},
		{"not a number", 1, map[string]string{"min.insync.replicas": "two"}, false},
		{"unset", 1, map[string]string{"retention.ms": "1"}, false},
		{"no properties", 1, nil, false},
		{"replication factor not known", 0, map[string]string{"min.insync.replicas": "3"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := model("orders", 3, tc.rf, tc.props)
			diags := checkMinInsync(m, m.properties())
			if diags.HasError() {
				t.Fatalf("unexpected errors %v", diags)
			}
			if got := diags.WarningsCount() == 1; got != tc.warn || diags.WarningsCount() > 1 {
				t.Fatalf("warnings %v, want warning=%v", diags, tc.warn)
			}
			if tc.warn {
				w := diags.Warnings()[0]
				checkText(t, w, []string{`topic_properties["min.insync.replicas"]`, fmt.Sprintf("replication_factor = %d", tc.rf), "acks=all"}, nil)
				wp, ok := w.(diag.DiagnosticWithPath)
				if want := path.Root("topic_properties").AtMapKey("min.insync.replicas"); !ok || !wp.Path().Equal(want) {
					t.Errorf("warning is not on %s", want)
				}
			}
		})
	}
}

func TestModifyPlanWarnsMinInsyncAboveReplicationFactor(t *testing.T) {
	props := map[string]string{"min.insync.replicas": "3"}
	cfg := model("fresh", 3, 2, props)
	plan := cfg
	plan.ID = types.StringUnknown()
	resp, _ := runModifyPlan(t, nil, &cfg, &plan)
	onlyWarning(t, resp.Diagnostics, `topic_properties["min.insync.replicas"] = 3`, "replication_factor = 2")
}

type findingsToken struct{}

func (findingsToken) Token(context.Context) (string, error) { return "token", nil }

func TestDiagAPITransientHint(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	client, err := kafkarest.New(kafkarest.Config{Endpoint: srv.URL, Tokens: findingsToken{},
		Retry: retry.Policy{Retries: 1, Base: time.Millisecond, Max: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	_, transient := client.ListTopics(context.Background())
	if !kafkarest.IsTransient(transient) {
		t.Fatalf("want a transient error from a proxy answering 503, got %v", transient)
	}
	hint := []string{"max_retries", "HDIKAFKA_MAX_RETRIES", "request_timeout", "HDIKAFKA_REQUEST_TIMEOUT", "per-attempt timeout"}
	cases := []struct {
		name          string
		err           error
		want, notWant []string
	}{
		{"retries exhausted", transient, append([]string{"giving up after"}, hint...), nil},
		{"wrapped", fmt.Errorf("listing: %w", transient), hint, nil},
		{"single 500", &kafkarest.APIError{Method: "GET", Path: "/v1/metadata/topics", StatusCode: 500}, []string{"HTTP 500"}, hint},
		{"401", &kafkarest.APIError{Method: "GET", Path: "/v1/metadata/topics", StatusCode: 401}, []string{"(401)"}, hint},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkText(t, diagAPI("read the list of topics", tc.err), tc.want, tc.notWant)
		})
	}
}
