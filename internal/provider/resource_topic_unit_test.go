package provider

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

func topicResourceSchema(t *testing.T) schema.Schema {
	t.Helper()
	var resp resource.SchemaResponse
	NewTopicResource().Schema(context.Background(), resource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	return resp.Schema
}

func model(name string, partitions, rf int64, props map[string]string) topicModel {
	m := topicModel{
		ID: types.StringValue(name), Name: types.StringValue(name),
		PartitionCount: types.Int64Null(), ReplicationFactor: types.Int64Null(),
		TopicProperties: types.MapNull(types.StringType),
		Timeouts:        timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType, "read": types.StringType})},
	}
	if partitions != 0 {
		m.PartitionCount = types.Int64Value(partitions)
	}
	if rf != 0 {
		m.ReplicationFactor = types.Int64Value(rf)
	}
	if props != nil {
		elems := map[string]attr.Value{}
		for k, v := range props {
			elems[k] = types.StringValue(v)
		}
		m.TopicProperties = types.MapValueMust(types.StringType, elems)
	}
	return m
}

// raw converts a model to a terraform value of the resource schema; nil gives a null object.
func raw(t *testing.T, s schema.Schema, m *topicModel) tftypes.Value {
	t.Helper()
	st := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(context.Background()), nil)}
	if m == nil {
		return st.Raw
	}
	if d := st.Set(context.Background(), m); d.HasError() {
		t.Fatal(d)
	}
	return st.Raw
}

func runModifyPlan(t *testing.T, state, config, plan *topicModel) (*resource.ModifyPlanResponse, topicModel) {
	t.Helper()
	s := topicResourceSchema(t)
	req := resource.ModifyPlanRequest{
		State:  tfsdk.State{Schema: s, Raw: raw(t, s, state)},
		Config: tfsdk.Config{Schema: s, Raw: raw(t, s, config)},
		Plan:   tfsdk.Plan{Schema: s, Raw: raw(t, s, plan)},
	}
	resp := &resource.ModifyPlanResponse{Plan: req.Plan}
	(&topicResource{}).ModifyPlan(context.Background(), req, resp)
	var out topicModel
	if !resp.Plan.Raw.IsNull() {
		if d := resp.Plan.Get(context.Background(), &out); d.HasError() {
			t.Fatal(d)
		}
	}
	return resp, out
}

func onlyWarning(t *testing.T, diags diag.Diagnostics, fragments ...string) {
	t.Helper()
	if diags.HasError() || diags.WarningsCount() != 1 {
		t.Fatalf("want exactly one warning, got %v", diags)
	}
	w := diags.Warnings()[0]
	text := w.Summary() + "\n" + w.Detail()
	for _, f := range fragments {
		if !strings.Contains(text, f) {
			t.Errorf("warning lacks %q:\n%s", f, text)
		}
	}
}

func TestModifyPlanDestroyWarns(t *testing.T) {
	st := model("orders", 3, 2, nil)
	resp, _ := runModifyPlan(t, &st, nil, nil)
	onlyWarning(t, resp.Diagnostics, "Kafka topic will not be deleted", `"orders"`, "kafka-topics.sh --bootstrap-server <broker>:9092 --delete --topic orders")
}

func TestModifyPlanRenameWarnsAndResetsShape(t *testing.T) {
	st := model("orders", 3, 2, nil)
	cfg := model("orders-v2", 0, 0, nil)
	cfg.ID = types.StringNull()
	plan := model("orders-v2", 3, 2, nil) // what UseStateForUnknown would have kept
	plan.ID = types.StringValue("orders")
	resp, out := runModifyPlan(t, &st, &cfg, &plan)
	onlyWarning(t, resp.Diagnostics, `creates topic "orders-v2"`, `leaves "orders"`, "--delete --topic orders")
	if out.ID.ValueString() != "orders-v2" || !out.PartitionCount.IsUnknown() || !out.ReplicationFactor.IsUnknown() {
		t.Errorf("planned %+v; want id orders-v2 and unknown partition_count/replication_factor", out)
	}
}

func TestModifyPlanCreateWithoutClusterSkipsChecks(t *testing.T) {
	cfg := model("fresh", 3, 9, nil)
	plan := cfg
	plan.ID = types.StringUnknown()
	resp, out := runModifyPlan(t, nil, &cfg, &plan)
	if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != 0 {
		t.Fatalf("unexpected diagnostics %v", resp.Diagnostics)
	}
	if out.ID.ValueString() != "fresh" {
		t.Errorf("planned id %v, want the name", out.ID)
	}
}

func TestModifyPlanUpdateRefusesImmutableChange(t *testing.T) {
	st := model("orders", 3, 2, map[string]string{"retention.ms": "1000"})
	cfg := model("orders", 4, 0, map[string]string{"retention.ms": "1000"})
	plan := model("orders", 4, 2, map[string]string{"retention.ms": "1000"})
	resp, _ := runModifyPlan(t, &st, &cfg, &plan)
	// A warning at plan time (an error would stop terraform destroy too); Update refuses it.
	if resp.Diagnostics.HasError() || !diagsContain(resp.Diagnostics, "Cannot change partition_count") {
		t.Fatalf("want the refusal as a warning and no error, got %v", resp.Diagnostics)
	}
}

func TestImmutableChanges(t *testing.T) {
	props := map[string]string{"retention.ms": "1000"}
	cases := []struct {
		name        string
		state, cfg  topicModel
		unverified  bool
		wantErrors  []string // one fragment per expected error, in order
		alsoWant    string   // a further fragment of the first error
		notWant     string   // a fragment no error may have
		wantNoError bool
	}{
		{name: "nothing changes", state: model("t", 3, 2, props), cfg: model("t", 3, 2, props), wantNoError: true},
		{name: "omitted integers keep the cluster's values", state: model("t", 3, 2, nil), cfg: model("t", 0, 0, nil), wantNoError: true},
		{name: "partitions", state: model("t", 3, 2, nil), cfg: model("t", 6, 2, nil),
			wantErrors: []string{"The cluster has partition_count = 3; the configuration says partition_count = 6"}},
		{name: "fewer partitions", state: model("t", 6, 2, nil), cfg: model("t", 3, 2, nil),
			wantErrors: []string{"Kafka cannot reduce the number of partitions"}, alsoWant: "set partition_count to the cluster's value 6"},
		{name: "replication factor", state: model("t", 3, 2, nil), cfg: model("t", 3, 1, nil),
			wantErrors: []string{"replication_factor = 2; the configuration says replication_factor = 1"}, alsoWant: "kafka-reassign-partitions.sh"},
		{name: "property added after creation", state: model("t", 3, 2, nil), cfg: model("t", 3, 2, props),
			wantErrors: []string{`"retention.ms": recorded (not set), configured "1000"`}, alsoWant: "kafka-configs.sh"},
		{name: "property changed: only the keys that differ", state: model("t", 3, 2, map[string]string{"retention.ms": "1", "cleanup.policy": "compact"}),
			cfg:        model("t", 3, 2, map[string]string{"retention.ms": "2", "cleanup.policy": "compact"}),
			wantErrors: []string{`"retention.ms": recorded "1", configured "2"`}, notWant: `"cleanup.policy"`},
		{name: "empty map equals null", state: model("t", 3, 2, nil), cfg: model("t", 3, 2, map[string]string{}), wantNoError: true},
		{name: "unverified properties are recorded", state: model("t", 3, 2, nil), cfg: model("t", 3, 2, props), unverified: true, wantNoError: true},
		{name: "all three", state: model("t", 3, 2, nil), cfg: model("t", 4, 3, props),
			wantErrors: []string{"partition_count", "replication_factor", "topic_properties"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			diags := (&topicResource{}).immutableChanges(newTopicChange(tc.state, tc.cfg, tc.unverified), diag.SeverityError)
			if tc.wantNoError {
				if diags.HasError() {
					t.Fatalf("unexpected errors %v", diags)
				}
				return
			}
			if diags.ErrorsCount() != len(tc.wantErrors) {
				t.Fatalf("want %d errors, got %v", len(tc.wantErrors), diags)
			}
			if tc.alsoWant != "" && !strings.Contains(diags.Errors()[0].Detail(), tc.alsoWant) {
				t.Errorf("first error lacks %q", tc.alsoWant)
			}
			for i, frag := range tc.wantErrors {
				d := diags.Errors()[i]
				if text := d.Summary() + "\n" + d.Detail(); !strings.Contains(text, frag) {
					t.Errorf("error %d lacks %q:\n%s", i, frag, text)
				}
				if !strings.Contains(d.Detail(), "ignore_changes") {
					t.Errorf("error %d does not name lifecycle ignore_changes", i)
				}
				if tc.notWant != "" && strings.Contains(d.Detail(), tc.notWant) {
					t.Errorf("error %d names %q:\n%s", i, tc.notWant, d.Detail())
				}
			}
		})
	}
}

func TestValidateProperties(t *testing.T) {
	cat, err := topicconfig.ForVersion("3.2")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		props map[string]string
		want  []string
	}{
		{"valid", map[string]string{"retention.ms": "1000", "cleanup.policy": "compact,delete"}, nil},
		{"near-miss key", map[string]string{"retention.msec": "1000"}, []string{`did you mean "retention.ms"?`}},
		{"bad value", map[string]string{"min.insync.replicas": "zero"}, []string{"min.insync.replicas"}},
		{"two problems", map[string]string{"segment.bytes": "x", "cleanup.policy": "nope"}, []string{"cleanup.policy", "segment.bytes"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			diags := validateProperties(cat, model("t", 1, 1, tc.props).properties())
			if diags.ErrorsCount() != len(tc.want) {
				t.Fatalf("want %d errors, got %v", len(tc.want), diags)
			}
			for i, frag := range tc.want {
				if !strings.Contains(diags.Errors()[i].Detail(), frag) {
					t.Errorf("error %d lacks %q: %s", i, frag, diags.Errors()[i].Detail())
				}
			}
		})
	}
	if d := validateProperties(nil, model("t", 1, 1, map[string]string{"x": "y"}).properties()); d.HasError() {
		t.Errorf("without a catalogue (kafka_version unknown) nothing is checked, got %v", d)
	}
}

func TestDeleteWarns(t *testing.T) {
	s := topicResourceSchema(t)
	st := model("orders", 3, 2, nil)
	req := resource.DeleteRequest{State: tfsdk.State{Schema: s, Raw: raw(t, s, &st)}}
	resp := &resource.DeleteResponse{State: req.State}
	(&topicResource{}).Delete(context.Background(), req, resp)
	onlyWarning(t, resp.Diagnostics, "Kafka topic removed from the state only", `"orders" was removed from the state only`, "remain on the cluster", "--delete --topic orders")
}

// withUnknownProperty returns m with topic_properties holding the known props plus one element
// known only after apply (e.g. a value taken from another resource).
func withUnknownProperty(m topicModel, props map[string]string, unknownKey string) topicModel {
	elems := map[string]attr.Value{unknownKey: types.StringUnknown()}
	for k, v := range props {
		elems[k] = types.StringValue(v)
	}
	m.TopicProperties = types.MapValueMust(types.StringType, elems)
	return m
}

func TestPropertiesOfSkipsUnknownElements(t *testing.T) {
	p := withUnknownProperty(model("t", 1, 1, nil), map[string]string{"retention.ms": "1000"}, "segment.ms").properties()
	if got := p.known; len(got) != 1 || got["retention.ms"] != "1000" || !p.unknown {
		t.Errorf("got %v (unknown %v), want only the known element and unknown", got, p.unknown)
	}
	if p := propertiesOf(types.MapUnknown(types.StringType)); !p.unknown || p.known != nil {
		t.Errorf("unknown map: got %+v", p)
	}
	if p := propertiesOf(types.MapNull(types.StringType)); p.unknown || len(p.known) != 0 {
		t.Errorf("null map: got %+v", p)
	}
}

// TestImmutableChangesUnknownElement: one element known only after apply skips the comparison at plan
// time (Update compares again with the known values) instead of failing with a conversion error.
func TestImmutableChangesUnknownElement(t *testing.T) {
	props := map[string]string{"retention.ms": "1000"}
	state := model("t", 3, 2, props)
	cfg := withUnknownProperty(model("t", 3, 2, nil), props, "segment.ms")
	r := &topicResource{}
	if diags := r.immutableChanges(newTopicChange(state, cfg, false), diag.SeverityError); diags.HasError() || diags.WarningsCount() != 0 {
		t.Fatalf("unexpected diagnostics %v", diags)
	}
	// Once known, the same change is refused.
	known := model("t", 3, 2, map[string]string{"retention.ms": "1000", "segment.ms": "5000"})
	if diags := r.immutableChanges(newTopicChange(state, known, false), diag.SeverityError); !diagsContain(diags, "Cannot change topic_properties") {
		t.Fatalf("want the immutable-change error, got %v", diags)
	}
	// Through ModifyPlan as well.
	resp, _ := runModifyPlan(t, &state, &cfg, &cfg)
	if resp.Diagnostics.HasError() {
		t.Fatalf("ModifyPlan: %v", resp.Diagnostics)
	}
}

func TestPendingSinceRoundTrip(t *testing.T) {
	at := time.Date(2026, 11, 30, 12, 0, 0, 123, time.UTC)
	b := formatPendingSince(at)
	if !json.Valid(b) {
		t.Fatalf("%s is not JSON: the framework refuses it as private state", b)
	}
	if got, ok := parsePendingSince(b); !ok || !got.Equal(at) {
		t.Errorf("parsePendingSince(%s) = %v, %v", b, got, ok)
	}
	for _, bad := range []string{"", "true", `"yesterday"`, "{"} {
		if _, ok := parsePendingSince([]byte(bad)); ok {
			t.Errorf("parsePendingSince(%q) = ok", bad)
		}
	}
}

// TestCheckNewTopicWithFakeClient: the plan-time checks of a creation reach the cluster through the
// provider's topicClient: an existing topic, a name that collides under Kafka's '.'/'_' rule, and a
// replication factor above the broker count (the fake has 3 brokers) are errors naming the attribute.
func TestCheckNewTopicWithFakeClient(t *testing.T) {
	fake := &fakeTopicClient{topics: map[string]*kafkarest.TopicMetadata{"orders": {Topic: "orders"}, "my.events": {Topic: "my.events"}}}
	cases := []struct {
		name, topic string
		rf          int64
		want        string // "" = no error
	}{
		{"exists", "orders", 1, "Kafka topic already exists"},
		{"collides", "my_events", 1, "Kafka topic name collides with an existing topic"},
		{"too many replicas", "payments", 4, "Replication factor exceeds the number of brokers"},
		{"new", "payments", 3, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := &topicResource{data: providerDataWith(fake)} // a new process per case
			diags := r.checkNewTopic(context.Background(), model(tc.topic, 1, tc.rf, nil))
			if tc.want == "" {
				if diags.HasError() {
					t.Fatalf("unexpected %v", diags)
				}
				return
			}
			if diags.ErrorsCount() != 1 || diags.Errors()[0].Summary() != tc.want {
				t.Fatalf("want one error %q, got %v", tc.want, diags)
			}
		})
	}
}

// TestCreateFailedWithFakeClient: a creation refused because the topic appeared during the run is
// worded as such, through the same client interface.
func TestCreateFailedWithFakeClient(t *testing.T) {
	fake := &fakeTopicClient{topics: map[string]*kafkarest.TopicMetadata{"orders": {Topic: "orders"}}}
	r := &topicResource{data: providerDataWith(fake)}
	_, err := fake.CreateTopic(context.Background(), "orders", kafkarest.TopicSpec{}, kafkarest.CreateOptions{})
	d := r.diagCreateFailed(context.Background(), fake, "orders", err)
	if d.Summary() != "Kafka topic already exists" || !strings.Contains(d.Detail(), `Creating "orders" failed because the topic already exists`) {
		t.Fatalf("got %s: %s", d.Summary(), d.Detail())
	}
	if len(fake.created) != 0 {
		t.Errorf("created %v", fake.created)
	}
}

// TestFixedAfterCreationNamesSchemaAttributes: every attribute of the rule is one of the schema's,
// and its description says that the REST proxy cannot change it or that a change is refused.
func TestFixedAfterCreationNamesSchemaAttributes(t *testing.T) {
	s := topicResourceSchema(t)
	for _, f := range fixedAfterCreation {
		a, ok := s.Attributes[f.attr]
		if !ok {
			t.Errorf("fixedAfterCreation names %q, which is not an attribute of the schema", f.attr)
			continue
		}
		if d := a.GetMarkdownDescription(); !strings.Contains(d, "cannot be changed through the REST proxy") && !strings.Contains(d, "refused") {
			t.Errorf("the description of %s does not say that it cannot be changed: %s", f.attr, d)
		}
	}
}
