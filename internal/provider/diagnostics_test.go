package provider

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

func TestDiagnosticTexts(t *testing.T) {
	cases := []struct {
		name      string
		d         diag.Diagnostic
		severity  diag.Severity
		fragments []string
	}{
		{"topic exists", diagTopicExists("orders"), diag.SeverityError, []string{
			"already exists", "terraform import hdikafka_topic.<name> orders", "import {\n    to = hdikafka_topic.<name>\n    id = \"orders\"\n  }"}},
		{"created during the run", diagCreatedDuringRun("orders", kafkarest.ErrTopicExists), diag.SeverityError, []string{"did not exist when this run began", "another resource", `data "hdikafka_topic" { name = "orders" }`}},
		{"declared twice", diagDeclaredTwice("orders"), diag.SeverityError, []string{"Two hdikafka_topic resources", "one owner", `data "hdikafka_topic"`}},
		{"cannot replace", diagCannotReplace("orders"), diag.SeverityError, []string{"already manages", "Nothing was sent", "cannot delete topics", "drop -replace", "terraform untaint", "new name", "moved {"}},
		{"collides", diagTopicCollides("metrics.v1", "metrics_v1", diag.SeverityError), diag.SeverityError, []string{`"metrics_v1" exists`, "'.' and '_'", "Rename", `data "hdikafka_topic" { name = "metrics_v1" }`}},
		{"pending", diagPendingNotVisible("orders", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), 10*time.Minute), diag.SeverityWarning, []string{"2026-01-02T03:04:05Z", "wait_for_visibility = false", "10m0s"}},
		{"listed but 404", diagListedButNotFound("orders"), diag.SeverityWarning, []string{"404", "lists the topic", "state is kept"}},
		{"replication factor", diagReplicationFactorTooHigh(5, 3), diag.SeverityError, []string{"replication_factor = 5", "3 broker(s)", "at most 3"}},
		{"not verified", diagPropertiesNotVerified("orders"), diag.SeverityWarning, []string{"without checking", "kafka-configs.sh --describe"}},
		{"gone", diagTopicGone("orders"), diag.SeverityWarning, []string{"404", "topic list did not show it, twice", "removed from the state", "creates it again"}},
		{"unknown config", diagConfigUnknown([]string{"endpoint", "tenant_id"}), diag.SeverityError, []string{`"endpoint", "tenant_id" are known only after apply`}},
		{"wait", diagWaitFailed("orders", kafkarest.WaitStats{Polls: 7, Last: "not visible yet (HTTP 404)"}, errors.New("context deadline exceeded")),
			diag.SeverityError, []string{"7 polls", "not visible yet (HTTP 404)", "timeouts { create"}},
		{"shape mismatch", diagShapeMismatch("orders", "partition_count", 3, 6), diag.SeverityError, []string{"partition_count = 6", "3 was requested", "terraform import"}},
		{"duration hint", diagInvalidTopicProperty("retention.ms", &topicconfig.Error{Kind: topicconfig.KindInvalidValue, Key: "retention.ms",
			Value: "7d", Rule: "not a LONG", Suggestion: `did you mean "604800000" (7d)?`, Suggested: "604800000", Duration: "7d"}),
			diag.SeverityError, []string{`did you mean "604800000" (7d)?`, `provider::hdikafka::duration_ms("7d")`, "Terraform 1.8 or later"}},
		{"kafka version", diagInvalidKafkaVersion(pathRootForTest("kafka_version"), "1.1"), diag.SeverityError, []string{`"1.1"`, `"2.4", "3.2"`}},
		{"401", diagAPI("read Kafka topic \"x\"", &kafkarest.APIError{Method: "GET", Path: "/v1/x", StatusCode: 401}), diag.SeverityError,
			[]string{"rejected the access token (401)", "tenant_id"}},
		{"403", diagAPI("read Kafka topic \"x\"", &kafkarest.APIError{Method: "GET", Path: "/v1/x", StatusCode: 403}), diag.SeverityError,
			[]string{"not allowed to use the REST proxy (403)", "security group"}},
		{"wrapped 401", diagAPI("create Kafka topic \"x\"", fmt.Errorf("kafkarest: %w", &kafkarest.APIError{Method: "PUT", Path: "/v1/topics/x", StatusCode: 401})),
			diag.SeverityError, []string{"rejected the access token (401)"}},
		{"wrapped 403", diagAPI("create Kafka topic \"x\"", fmt.Errorf("kafkarest: %w", &kafkarest.APIError{Method: "PUT", Path: "/v1/topics/x", StatusCode: 403})),
			diag.SeverityError, []string{"not allowed to use the REST proxy (403)"}},
		{"out of range", diagOutOfRange(path.Root("partition_count"), 2147483648, 1, 2147483647, "Kafka's partition count is a 32-bit integer"),
			diag.SeverityError, []string{"partition_count = 2147483648 is out of range", "between 1 and 2147483647", "32-bit"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.d.Severity() != tc.severity {
				t.Errorf("severity %v, want %v", tc.d.Severity(), tc.severity)
			}
			text := tc.d.Summary() + "\n" + tc.d.Detail()
			for _, f := range tc.fragments {
				if !strings.Contains(text, f) {
					t.Errorf("lacks %q:\n%s", f, text)
				}
			}
		})
	}
}

func TestDataSourceDiagnosticTexts(t *testing.T) {
	tests := []struct {
		name        string
		d           diag.Diagnostic
		wantSummary string
		wantDetail  []string
		wantPath    string // "" = no attribute path
	}{
		{"401", diagReadTopicList(dsAPIError(401)),
			"Unable to read the list of topics: the REST proxy rejected the access token (401)",
			[]string{"HTTP 401", "nope", "tenant_id, client_id", "scope"}, ""},
		{"403", diagReadTopicList(dsAPIError(403)),
			"Unable to read the list of topics: the application is not allowed to use the REST proxy (403)",
			[]string{"HTTP 403", "security group"}, ""},
		{"500", diagReadTopicList(dsAPIError(500)), "Unable to read the list of topics", []string{"HTTP 500", "nope"}, ""},
		{"network", diagReadTopicList(errors.New("dial tcp 127.0.0.1:1: connection refused")),
			"Unable to read the list of topics", []string{"connection refused"}, ""},
		{"brokers 403", diagReadBrokerList(dsAPIError(403)),
			"Unable to read the list of brokers: the application is not allowed to use the REST proxy (403)", []string{"security group"}, ""},
		{"topic 401", diagReadTopic("orders", dsAPIError(401)),
			`Unable to read Kafka topic "orders": the REST proxy rejected the access token (401)`, []string{"tenant_id"}, ""},
		{"partition 500", diagReadPartition("orders", 2, dsAPIError(500)),
			`Unable to read partition 2 of Kafka topic "orders"`, []string{"HTTP 500"}, ""},
		{"topic not found", diagDataSourceTopicNotFound("orders", dsAPIError(404)), `Topic "orders" not found`,
			[]string{`topic "orders"`, "does not exist", "not be visible yet", "cache", "hdikafka_topic.x.name"}, ""},
		{"partition out of range", diagPartitionOutOfRange("orders", 3, 3), `Partition 3 of topic "orders" does not exist`,
			[]string{"partition_id 3 is out of range", `topic "orders" has 3 partition(s)`, "from 0 to 2"}, "partition_id"},
		{"partition not found", diagPartitionNotFound("orders", 1, 3, dsAPIError(404)), `Partition 1 of topic "orders" not found`,
			[]string{"lists 3 partition(s)", "no metadata for partition 1", "HTTP 404", "retry later"}, ""},
		{"invalid partition id", diagInvalidPartitionID(-1, 2147483647), "Invalid partition_id",
			[]string{"partition_id -1 is out of range", "between 0 and 2147483647"}, "partition_id"},
		{"invalid name_regex", diagInvalidNameRegex(errors.New(`name_regex "[" is not a valid regular expression`)),
			"Invalid name_regex", []string{`name_regex "["`}, "name_regex"},
		{"provider data", diagUnexpectedProviderData(42),
			"Unexpected provider data", []string{"got int"}, ""},
		{"not configured", diagDataSourceNotConfigured(), "Provider not configured", []string{"no REST proxy client", "bug"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dsCheckDiag(t, tt.d, tt.wantSummary, tt.wantDetail)
			wp, ok := tt.d.(diag.DiagnosticWithPath)
			switch {
			case tt.wantPath == "" && ok:
				t.Errorf("path = %s, want none", wp.Path())
			case tt.wantPath != "" && !ok:
				t.Errorf("no attribute path, want %s", tt.wantPath)
			case tt.wantPath != "" && !wp.Path().Equal(path.Root(tt.wantPath)):
				t.Errorf("path = %s, want %s", wp.Path(), tt.wantPath)
			}
		})
	}
}

// TestDiagInvalidTopicPropertyWithoutDuration: no function hint unless the value was a duration.
func TestDiagInvalidTopicPropertyWithoutDuration(t *testing.T) {
	d := diagInvalidTopicProperty("retention.ms", &topicconfig.Error{Kind: topicconfig.KindInvalidValue, Key: "retention.ms", Value: "abc", Rule: "not a LONG"})
	if strings.Contains(d.Detail(), "provider::") {
		t.Errorf("detail %q names a function for a value that is no duration", d.Detail())
	}
}
