package provider

// Shared by the data sources' unit tests: an in-memory metadata reader, REST proxy errors and a
// diagnostic check.

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
)

// dsFakeReader is an in-memory dataSourceMetadataReader for unit tests.
type dsFakeReader struct {
	topics       map[string]*kafkarest.TopicMetadata
	err          error // returned by every call when set
	partitionErr error // returned by GetPartition when set
}

func (f *dsFakeReader) ListTopics(context.Context) ([]string, error) {
	if f.err != nil {
		return nil, f.err
	}
	var names []string
	for n := range f.topics {
		names = append(names, n)
	}
	return names, nil
}

func (f *dsFakeReader) GetTopic(_ context.Context, name string) (*kafkarest.TopicMetadata, error) {
	if f.err != nil {
		return nil, f.err
	}
	md, ok := f.topics[name]
	if !ok {
		return nil, &kafkarest.APIError{Method: "GET", Path: "/v1/metadata/topics/" + name + "/partitions", StatusCode: 404}
	}
	return md, nil
}

// WaitForTopic answers at once: visible, or the GetTopic error (a fake has no cache to wait for).
func (f *dsFakeReader) WaitForTopic(ctx context.Context, name string, _ kafkarest.WaitOptions) (*kafkarest.TopicMetadata, kafkarest.WaitStats, error) {
	md, err := f.GetTopic(ctx, name)
	return md, kafkarest.WaitStats{Polls: 1}, err
}

func (f *dsFakeReader) GetPartition(ctx context.Context, topic string, partition int32) (*kafkarest.Partition, error) {
	if f.partitionErr != nil {
		return nil, f.partitionErr
	}
	md, err := f.GetTopic(ctx, topic)
	if err != nil {
		return nil, err
	}
	for _, p := range md.Partitions {
		if p.ID == partition {
			return &p, nil
		}
	}
	return nil, &kafkarest.APIError{Method: "GET", Path: fmt.Sprintf("/v1/metadata/topics/%s/partitions/%d", topic, partition), StatusCode: 404}
}

func (f *dsFakeReader) ListBrokers(context.Context) ([]kafkarest.Broker, error) {
	if f.err != nil {
		return nil, f.err
	}
	return dsTestBrokers(0, 1, 2), nil
}

func dsAPIError(status int) error {
	return fmt.Errorf("after 1 attempt(s): %w", &kafkarest.APIError{Method: "GET", Path: "/v1/metadata/topics", StatusCode: status, Body: `{"error_code":0,"message":"nope"}`})
}

func dsCheckDiag(t *testing.T, d diag.Diagnostic, wantSummary string, wantDetail []string) {
	t.Helper()
	if d.Severity() != diag.SeverityError {
		t.Errorf("severity = %v, want error", d.Severity())
	}
	if d.Summary() != wantSummary {
		t.Errorf("summary = %q, want %q", d.Summary(), wantSummary)
	}
	for _, w := range wantDetail {
		if !strings.Contains(d.Detail(), w) {
			t.Errorf("detail %q does not contain %q", d.Detail(), w)
		}
	}
}
