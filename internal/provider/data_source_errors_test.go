package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

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

func TestDataSourceReadError(t *testing.T) {
	tests := []struct {
		name        string
		err         error
		wantSummary string
		wantDetail  []string
	}{
		{"401", dsAPIError(401), "Unauthorized reading the list of topics (HTTP 401)", []string{"rejected the provider's access token", "HTTP 401", "nope"}},
		{"403", dsAPIError(403), "Access denied reading the list of topics (HTTP 403)", []string{"security group", "HTTP 403"}},
		{"500", dsAPIError(500), "Error reading the list of topics", []string{"HTTP 500", "nope"}},
		{"network", errors.New("dial tcp 127.0.0.1:1: connection refused"), "Error reading the list of topics", []string{"connection refused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := dataSourceReadError("the list of topics", tt.err)
			dsCheckDiag(t, d, tt.wantSummary, tt.wantDetail)
		})
	}
}

func TestDataSourceTopicNotFound(t *testing.T) {
	d := dataSourceTopicNotFound("orders", dsAPIError(404))
	dsCheckDiag(t, d, `Topic "orders" not found`, []string{`topic "orders"`, "does not exist", "not be visible yet", "cache"})
}

func TestDataSourcePartitionReadError(t *testing.T) {
	reader := &dsFakeReader{topics: map[string]*kafkarest.TopicMetadata{
		"orders": {Topic: "orders", Partitions: []kafkarest.Partition{{ID: 0}, {ID: 1}, {ID: 2}}},
	}}
	tests := []struct {
		name        string
		reader      *dsFakeReader
		topic       string
		id          int32
		err         error
		wantSummary string
		wantDetail  []string
		wantPath    bool
	}{
		{"out of range", reader, "orders", 3, dsAPIError(404), `Partition 3 of topic "orders" does not exist`,
			[]string{"partition_id 3 is out of range", "3 partition(s)", "from 0 to 2"}, true},
		{"missing topic", reader, "nope", 0, dsAPIError(404), `Topic "nope" not found`, []string{"not be visible yet"}, false},
		{"in range but unknown", reader, "orders", 1, dsAPIError(404), `Partition 1 of topic "orders" not found`,
			[]string{"lists 3 partition(s)", "retry later"}, false},
		{"forbidden on partition", reader, "orders", 0, dsAPIError(403), `Access denied reading partition 0 of topic "orders" (HTTP 403)`, nil, false},
		{"topic lookup fails", &dsFakeReader{err: dsAPIError(500)}, "orders", 9, dsAPIError(404), `Error reading topic "orders"`,
			[]string{"HTTP 500"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := dataSourcePartitionReadError(context.Background(), tt.reader, tt.topic, tt.id, tt.err)
			dsCheckDiag(t, d, tt.wantSummary, tt.wantDetail)
			wp, ok := d.(diag.DiagnosticWithPath)
			if tt.wantPath != ok {
				t.Fatalf("attribute diagnostic = %v, want %v", ok, tt.wantPath)
			}
			if ok && !wp.Path().Equal(path.Root("partition_id")) {
				t.Errorf("path = %s, want partition_id", wp.Path())
			}
		})
	}
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
