package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
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
