package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

func TestDataSourceSchemas(t *testing.T) {
	ctx := context.Background()
	wantNames := map[string]bool{
		"hdikafka_topics": false, "hdikafka_topic": false, "hdikafka_topic_partition": false, "hdikafka_brokers": false,
	}
	for _, newDS := range dataSources() {
		ds := newDS()
		var md datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "hdikafka"}, &md)
		t.Run(md.TypeName, func(t *testing.T) {
			seen, ok := wantNames[md.TypeName]
			if !ok {
				t.Fatalf("unexpected data source type %q", md.TypeName)
			}
			if seen {
				t.Fatalf("data source type %q listed twice", md.TypeName)
			}
			wantNames[md.TypeName] = true

			if _, ok := ds.(datasource.DataSourceWithConfigure); !ok {
				t.Error("data source does not implement Configure")
			}
			var resp datasource.SchemaResponse
			ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
			if resp.Diagnostics.HasError() {
				t.Fatalf("schema diagnostics: %v", resp.Diagnostics)
			}
			if diags := resp.Schema.ValidateImplementation(ctx); diags.HasError() {
				t.Fatalf("invalid schema: %v", diags)
			}
			if resp.Schema.MarkdownDescription == "" {
				t.Error("data source has no MarkdownDescription")
			}
			dsCheckDescriptions(t, "", resp.Schema.Attributes)
		})
	}
	for name, seen := range wantNames {
		if !seen {
			t.Errorf("data source %q missing from dataSources()", name)
		}
	}
}

// dsCheckDescriptions fails for every attribute, nested ones included,
// without a MarkdownDescription.
func dsCheckDescriptions(t *testing.T, prefix string, attrs map[string]schema.Attribute) {
	t.Helper()
	for name, a := range attrs {
		if a.GetMarkdownDescription() == "" {
			t.Errorf("attribute %s%s has no MarkdownDescription", prefix, name)
		}
		if n, ok := a.(schema.ListNestedAttribute); ok {
			dsCheckDescriptions(t, prefix+name+".", n.NestedObject.Attributes)
		}
	}
}
