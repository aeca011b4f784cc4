package provider

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func pathRootForTest(name string) path.Path { return path.Root(name) }

func TestStringValidators(t *testing.T) {
	cases := []struct {
		name    string
		v       validator.String
		value   types.String
		wantErr string
	}{
		{"duration ok", durationValidator{}, types.StringValue("90s"), ""},
		{"duration negative", durationValidator{}, types.StringValue("-1s"), "greater than zero"},
		{"duration garbage", durationValidator{}, types.StringValue("soon"), "Invalid duration"},
		{"duration unknown", durationValidator{}, types.StringUnknown(), ""},
		{"kafka 3.2", kafkaVersionValidator{}, types.StringValue("3.2"), ""},
		{"kafka 2.4.1", kafkaVersionValidator{}, types.StringValue("2.4.1"), ""},
		{"kafka 1.0", kafkaVersionValidator{}, types.StringValue("1.0"), "Unsupported Kafka version"},
		{"topic ok", topicNameValidator{}, types.StringValue("orders.v1_x-y"), ""},
		{"topic space", topicNameValidator{}, types.StringValue("bad name"), "Invalid Kafka topic name"},
		{"topic dotdot", topicNameValidator{}, types.StringValue(".."), "Invalid Kafka topic name"},
		{"topic empty", topicNameValidator{}, types.StringValue(""), "Invalid Kafka topic name"},
		{"topic too long", topicNameValidator{}, types.StringValue(strings.Repeat("a", 250)), "Invalid Kafka topic name"},
		{"topic null", topicNameValidator{}, types.StringNull(), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := &validator.StringResponse{}
			tc.v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("x"), ConfigValue: tc.value}, resp)
			if tc.wantErr == "" {
				if resp.Diagnostics.HasError() {
					t.Fatalf("unexpected %v", resp.Diagnostics)
				}
				return
			}
			if !diagsContain(resp.Diagnostics, tc.wantErr) {
				t.Fatalf("want %q, got %v", tc.wantErr, resp.Diagnostics)
			}
			if tc.v.MarkdownDescription(context.Background()) == "" {
				t.Error("validator without description")
			}
		})
	}
}

// TestTopicShapeRangeValidators runs the schema's own validators of partition_count and
// replication_factor: values beyond Kafka's INT32 / INT16 are refused at plan time instead of
// wrapping around in the conversion for the REST proxy.
func TestTopicShapeRangeValidators(t *testing.T) {
	s := topicResourceSchema(t)
	cases := []struct {
		attr    string
		value   types.Int64
		wantErr []string
	}{
		{"partition_count", types.Int64Value(1), nil},
		{"partition_count", types.Int64Value(2147483647), nil},
		{"partition_count", types.Int64Value(2147483648), []string{"partition_count = 2147483648", "between 1 and 2147483647", "32-bit"}},
		{"partition_count", types.Int64Value(4294967299), []string{"partition_count = 4294967299"}},
		{"partition_count", types.Int64Value(0), []string{"partition_count = 0", "between 1 and 2147483647"}},
		{"partition_count", types.Int64Unknown(), nil},
		{"replication_factor", types.Int64Value(32767), nil},
		{"replication_factor", types.Int64Value(32768), []string{"replication_factor = 32768", "between 1 and 32767", "16-bit"}},
		{"replication_factor", types.Int64Value(2147483649), []string{"replication_factor = 2147483649"}},
		{"replication_factor", types.Int64Value(-1), []string{"replication_factor = -1"}},
		{"replication_factor", types.Int64Null(), nil},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s=%v", tc.attr, tc.value), func(t *testing.T) {
			a, ok := s.Attributes[tc.attr].(schema.Int64Attribute)
			if !ok {
				t.Fatalf("%s is not an Int64Attribute", tc.attr)
			}
			resp := &validator.Int64Response{}
			for _, v := range a.Validators {
				v.ValidateInt64(context.Background(), validator.Int64Request{Path: path.Root(tc.attr), ConfigValue: tc.value}, resp)
			}
			if len(tc.wantErr) == 0 {
				if resp.Diagnostics.HasError() {
					t.Fatalf("unexpected %v", resp.Diagnostics)
				}
				return
			}
			for _, w := range tc.wantErr {
				if !diagsContain(resp.Diagnostics, w) {
					t.Errorf("want %q in %v", w, resp.Diagnostics)
				}
			}
		})
	}
}

func TestInt32AttrGuard(t *testing.T) {
	cases := []struct {
		name    string
		v       types.Int64
		maximum int64
		want    *int32
		wantOK  bool
	}{
		{"null", types.Int64Null(), maxPartitionCount, nil, true},
		{"unknown", types.Int64Unknown(), maxPartitionCount, nil, true},
		{"in range", types.Int64Value(6), maxPartitionCount, ptr(int32(6)), true},
		{"int32 max", types.Int64Value(math.MaxInt32), maxPartitionCount, ptr(int32(math.MaxInt32)), true},
		{"wraps to 1 as int32", types.Int64Value(1<<32 + 1), maxPartitionCount, nil, false},
		{"above int16", types.Int64Value(40000), maxReplicationFactor, nil, false},
		{"zero", types.Int64Value(0), maxPartitionCount, nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var diags diag.Diagnostics
			got := int32Attr(tc.v, "partition_count", tc.maximum, &diags)
			ok := !diags.HasError()
			if ok != tc.wantOK || diags.HasError() == tc.wantOK {
				t.Fatalf("ok = %v, diags = %v; want ok %v", ok, diags, tc.wantOK)
			}
			if (got == nil) != (tc.want == nil) || got != nil && *got != *tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			if !ok && !diagsContain(diags, fmt.Sprintf("partition_count = %d", tc.v.ValueInt64())) {
				t.Errorf("diagnostic does not name the attribute and value: %v", diags)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
