package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestValidateConfigTopicProperties calls ValidateConfig as terraform validate does: without a
// configured provider, so without the cluster's Kafka version.
func TestValidateConfigTopicProperties(t *testing.T) {
	s := topicResourceSchema(t)
	unknownMap := model("t", 1, 1, nil)
	unknownMap.TopicProperties = types.MapUnknown(types.StringType)
	cases := []struct {
		name string
		m    topicModel
		// want holds, per expected error in order, its map key and fragments of its detail.
		want []wantPropErr
	}{
		{name: "valid", m: model("t", 1, 1, map[string]string{"retention.ms": "1000", "cleanup.policy": "compact,delete"})},
		{name: "no properties", m: model("t", 1, 1, nil)},
		{name: "typo key", m: model("t", 1, 1, map[string]string{"retension.ms": "1000"}),
			want: []wantPropErr{{"retension.ms", []string{`unknown topic property "retension.ms" in any supported Kafka version (2.4, 3.2); did you mean "retention.ms"?`}}}},
		{name: "key of a later Kafka", m: model("t", 1, 1, map[string]string{"compression.gzip.level": "1"}),
			want: []wantPropErr{{"compression.gzip.level", []string{`unknown topic property "compression.gzip.level" in any supported Kafka version (2.4, 3.2): compression.gzip.level was added in Kafka 3.8`}}}},
		{name: "duration for a LONG", m: model("t", 1, 1, map[string]string{"retention.ms": "1h"}),
			want: []wantPropErr{{"retention.ms", []string{`topic property "retention.ms"`, `"1h"`}}}},
		{name: "wrong case of an enum", m: model("t", 1, 1, map[string]string{"cleanup.policy": "Compact"}),
			want: []wantPropErr{{"cleanup.policy", []string{`topic property "cleanup.policy"`, `"Compact"`}}}},
		{name: "key of Kafka 3.2 only", m: model("t", 1, 1, map[string]string{"remote.storage.enable": "false"})},
		{name: "two problems and a valid key", m: model("t", 1, 1, map[string]string{"segment.bytes": "x", "cleanup.policy": "nope", "retention.ms": "1000"}),
			want: []wantPropErr{{"cleanup.policy", []string{`"nope"`}}, {"segment.bytes", []string{`"x"`}}}},
		{name: "unknown value", m: withUnknownProperty(model("t", 1, 1, nil), nil, "retention.ms")},
		{name: "unknown value next to a bad one", m: withUnknownProperty(model("t", 1, 1, nil), map[string]string{"retention.ms": "1h"}, "segment.ms"),
			want: []wantPropErr{{"retention.ms", []string{`"1h"`}}}},
		{name: "unknown map", m: unknownMap},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := resource.ValidateConfigRequest{Config: tfsdk.Config{Schema: s, Raw: raw(t, s, &tc.m)}}
			resp := &resource.ValidateConfigResponse{}
			(&topicResource{}).ValidateConfig(context.Background(), req, resp)
			if resp.Diagnostics.WarningsCount() != 0 || resp.Diagnostics.ErrorsCount() != len(tc.want) {
				t.Fatalf("want %d errors and no warnings, got %v", len(tc.want), resp.Diagnostics)
			}
			for i, w := range tc.want {
				d := resp.Diagnostics.Errors()[i]
				if d.Summary() != "Invalid topic property" {
					t.Errorf("error %d: summary %q", i, d.Summary())
				}
				wp, ok := d.(interface{ Path() path.Path })
				if want := path.Root("topic_properties").AtMapKey(w.key); !ok || !wp.Path().Equal(want) {
					t.Errorf("error %d: want path %s, got %v", i, want, d)
				}
				if strings.Contains(d.Detail(), " for Kafka ") || strings.Contains(d.Detail(), "this cluster runs") {
					t.Errorf("error %d names one Kafka version, but terraform validate does not know the cluster's: %s", i, d.Detail())
				}
				for _, f := range w.fragments {
					if !strings.Contains(d.Detail(), f) {
						t.Errorf("error %d lacks %q: %s", i, f, d.Detail())
					}
				}
			}
		})
	}
}

type wantPropErr struct {
	key       string
	fragments []string
}

// TestValidatePropertiesAllVersionsConflicts: a conflict between known values is refused under
// every version; with an unknown value next to it, it is left to the plan.
func TestValidatePropertiesAllVersionsConflicts(t *testing.T) {
	conflict := map[string]string{"min.compaction.lag.ms": "5000", "max.compaction.lag.ms": "1000"}
	if d := validatePropertiesAllVersions(model("t", 1, 1, conflict).TopicProperties); d.ErrorsCount() != 1 {
		t.Fatalf("want one conflict error, got %v", d)
	}
	elems := map[string]attr.Value{"segment.ms": types.StringUnknown()}
	for k, v := range conflict {
		elems[k] = types.StringValue(v)
	}
	if d := validatePropertiesAllVersions(types.MapValueMust(types.StringType, elems)); d.HasError() {
		t.Fatalf("with an unknown value, conflicts wait for the plan; got %v", d)
	}
}
