package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
)

func TestDataSourcePartitionReadError(t *testing.T) {
	reader := &fakeTopicClient{topics: map[string]*kafkarest.TopicMetadata{
		"orders": {Topic: "orders", Partitions: []kafkarest.Partition{{ID: 0}, {ID: 1}, {ID: 2}}},
	}}
	tests := []struct {
		name        string
		reader      *fakeTopicClient
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
		{"forbidden on partition", reader, "orders", 0, dsAPIError(403),
			`Unable to read partition 0 of Kafka topic "orders": the application is not allowed to use the REST proxy (403)`,
			[]string{"HTTP 403", "security group"}, false},
		{"topic lookup fails", &fakeTopicClient{err: dsAPIError(500)}, "orders", 9, dsAPIError(404), `Unable to read Kafka topic "orders"`,
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
