package provider

import (
	"context"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

// ModifyPlan makes the checks that need the provider configuration or the cluster: topic_properties
// against the catalogue of kafka_version, the existence of a new topic, the replication factor against
// the broker count, and the attributes the REST proxy cannot change. Cluster checks are skipped when
// the provider configuration is not known yet.
func (r *topicResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() { // destroy
		if !req.State.Raw.IsNull() {
			var state topicModel
			resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
			if !resp.Diagnostics.HasError() {
				resp.Diagnostics.Append(diagDestroyPlanned(state.Name.ValueString()))
			}
		}
		return
	}
	var plan, config topicModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.data != nil {
		resp.Diagnostics.Append(validateProperties(ctx, r.data.Catalogue(), config.TopicProperties)...)
	}

	creating := req.State.Raw.IsNull()
	var state topicModel
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	replacing := !creating && !plan.Name.IsUnknown() && plan.Name.ValueString() != state.Name.ValueString()

	if creating || replacing {
		plan.ID = plan.Name
		if replacing {
			resp.Diagnostics.Append(diagReplacePlanned(state.Name.ValueString(), plan.Name.ValueString()))
			// A new topic takes the cluster's defaults, not the old topic's shape.
			if config.PartitionCount.IsNull() {
				plan.PartitionCount = types.Int64Unknown()
			}
			if config.ReplicationFactor.IsNull() {
				plan.ReplicationFactor = types.Int64Unknown()
			}
		}
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		resp.Diagnostics.Append(checkMinInsync(plan)...)
		resp.Diagnostics.Append(r.checkNewTopic(ctx, plan)...)
		return
	}

	resp.Diagnostics.Append(checkMinInsync(plan)...)

	unverified, diags := isUnverified(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(immutableChanges(state, config, plan, unverified)...)
	if !unverified || resp.Diagnostics.HasError() {
		return
	}
	// First plan after an import: the configured topic_properties are accepted as they are and
	// recorded by the Update, which also clears the unverified flag, so that from then on a change is
	// refused like for a topic this provider created. The flag must be cleared even when the
	// configuration has no properties (null in the state and in the plan, so Terraform would plan no
	// change and never call Update, and properties added later would be taken unverified): in that
	// case the computed id is planned unknown, which makes the plan an in-place Update; Update sets it
	// back to the topic name.
	if len(knownProperties(config.TopicProperties)) > 0 || hasUnknownElement(config.TopicProperties) || config.TopicProperties.IsUnknown() {
		resp.Diagnostics.Append(diagPropertiesNotVerified(state.Name.ValueString()))
	} else {
		resp.Diagnostics.Append(diagImportRecorded(state.Name.ValueString()))
	}
	if plan.TopicProperties.Equal(state.TopicProperties) {
		plan.ID = types.StringUnknown()
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	}
}

// checkNewTopic refuses to plan the creation of a topic that already exists and a replication factor
// above the broker count.
func (r *topicResource) checkNewTopic(ctx context.Context, plan topicModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if r.data == nil || !r.data.ConfigKnown() || plan.Name.IsUnknown() {
		return diags
	}
	client, d := r.data.Client(ctx)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	name := plan.Name.ValueString()
	_, err := client.GetTopic(ctx, name)
	switch {
	case err == nil:
		diags.Append(diagTopicExists(name))
		return diags
	case !kafkarest.IsNotFound(err):
		diags.Append(diagAPI("check whether Kafka topic \""+name+"\" exists", err))
		return diags
	}
	if rf, ok := knownInt(plan.ReplicationFactor); ok {
		brokers, d := r.data.BrokerCount(ctx)
		diags.Append(d...)
		if !diags.HasError() && rf > int64(brokers) {
			diags.Append(diagReplicationFactorTooHigh(rf, brokers))
		}
	}
	return diags
}

// immutableChanges reports every attribute the configuration wants changed on an existing topic.
// Integers compare the configuration with the state (the cluster's values after refresh); properties
// compare the plan with the recorded properties unless they were never verified (import).
func immutableChanges(state, config, plan topicModel, unverified bool) diag.Diagnostics {
	var diags diag.Diagnostics
	name := state.Name.ValueString()
	intAttr := func(attr string, cfg, st types.Int64) {
		c, ok := knownInt(cfg)
		if !ok || st.IsNull() || st.IsUnknown() || c == st.ValueInt64() {
			return
		}
		diags.Append(diagImmutable(name, attr, strconv.FormatInt(st.ValueInt64(), 10), strconv.FormatInt(c, 10)))
	}
	intAttr("partition_count", config.PartitionCount, state.PartitionCount)
	intAttr("replication_factor", config.ReplicationFactor, state.ReplicationFactor)

	// Values known only after apply are compared when they are known: Update runs this check again.
	if unverified || plan.TopicProperties.IsUnknown() || hasUnknownElement(plan.TopicProperties) {
		return diags
	}
	want := knownProperties(plan.TopicProperties)
	have := knownProperties(state.TopicProperties)
	if !equalProperties(want, have) {
		diags.Append(diagImmutable(name, "topic_properties", describeProperties(have), describeProperties(want)))
	}
	return diags
}

// checkMinInsync warns when topic_properties["min.insync.replicas"] exceeds the planned
// replication_factor; both must be known. A value that is not a number is validateProperties' concern.
func checkMinInsync(plan topicModel) diag.Diagnostics {
	var diags diag.Diagnostics
	rf, ok := knownInt(plan.ReplicationFactor)
	if !ok || plan.TopicProperties.IsNull() || plan.TopicProperties.IsUnknown() {
		return diags
	}
	v, ok := plan.TopicProperties.Elements()["min.insync.replicas"].(types.String)
	if !ok || v.IsNull() || v.IsUnknown() {
		return diags
	}
	minISR, err := strconv.ParseInt(strings.TrimSpace(v.ValueString()), 10, 64)
	if err == nil && minISR > rf {
		diags.Append(diagMinInsyncAboveRF(minISR, rf))
	}
	return diags
}

// validateProperties checks the known keys and values against Kafka's topic configuration.
func validateProperties(ctx context.Context, cat *topicconfig.Catalogue, v types.Map) diag.Diagnostics {
	var diags diag.Diagnostics
	if cat == nil || v.IsNull() || v.IsUnknown() {
		return diags
	}
	for _, err := range cat.Validate(knownProperties(v)) {
		diags.Append(diagInvalidTopicProperty(errorKey(err), err))
	}
	return diags
}

// privateGetter is the read side of a resource's private state.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

func isUnverified(ctx context.Context, p privateGetter) (bool, diag.Diagnostics) {
	if p == nil {
		return false, nil
	}
	b, diags := p.GetKey(ctx, privateUnverified)
	return string(b) == "true", diags
}

// hasUnknownElement reports whether a known map has an element that is known only after apply.
func hasUnknownElement(v types.Map) bool {
	if v.IsNull() || v.IsUnknown() {
		return false
	}
	for _, e := range v.Elements() {
		if e.IsUnknown() {
			return true
		}
	}
	return false
}

// equalProperties treats null and empty as equal.
func equalProperties(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
