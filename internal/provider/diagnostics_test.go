package provider

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
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
		{"created elsewhere", diagCreatedElsewhere("orders", kafkarest.ErrTopicExists), diag.SeverityError, []string{"terraform import hdikafka_topic.<name> orders"}},
		{"replication factor", diagReplicationFactorTooHigh(5, 3), diag.SeverityError, []string{"replication_factor = 5", "3 broker(s)", "at most 3"}},
		{"not verified", diagPropertiesNotVerified("orders"), diag.SeverityWarning, []string{"without checking", "kafka-configs.sh --describe"}},
		{"gone", diagTopicGone("orders"), diag.SeverityWarning, []string{"404", "removed from the state", "creates it again"}},
		{"unknown config", diagConfigUnknown([]string{"endpoint", "tenant_id"}), diag.SeverityError, []string{`"endpoint", "tenant_id" are known only after apply`}},
		{"wait", diagWaitFailed("orders", kafkarest.WaitStats{Polls: 7, Last: "not visible yet (HTTP 404)"}, errors.New("context deadline exceeded")),
			diag.SeverityError, []string{"7 polls", "not visible yet (HTTP 404)", "timeouts { create"}},
		{"shape mismatch", diagShapeMismatch("orders", "partition_count", 3, 6), diag.SeverityError, []string{"partition_count = 6", "3 was requested", "terraform import"}},
		{"kafka version", diagInvalidKafkaVersion(pathRootForTest("kafka_version"), "1.1"), diag.SeverityError, []string{`"1.1"`, `"2.4", "3.2"`}},
		{"401", diagAPI("read Kafka topic \"x\"", &kafkarest.APIError{Method: "GET", Path: "/v1/x", StatusCode: 401}), diag.SeverityError,
			[]string{"rejected the access token (401)", "tenant_id"}},
		{"403", diagAPI("read Kafka topic \"x\"", &kafkarest.APIError{Method: "GET", Path: "/v1/x", StatusCode: 403}), diag.SeverityError,
			[]string{"not allowed to use the REST proxy (403)", "security group"}},
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
