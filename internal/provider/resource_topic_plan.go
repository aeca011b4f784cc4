package provider

import (
	"context"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

// ModifyPlan makes the checks that need the provider configuration or the cluster: topic_properties
// against the catalogue of kafka_version, the existence of a new topic (from the process's topic
// list), the replication factor against the broker count, and the changes the REST proxy cannot
// make. Cluster checks are skipped when the provider configuration is not known yet.
//
// A change the proxy cannot make is a warning here and an error in Update, before anything is sent:
// an error at plan time would also stop `terraform destroy`, whose pre-destroy refresh runs a
// normal plan, and every other change of the workspace, while the topic drifted behind the proxy.
// The planned update keeps `terraform plan -detailed-exitcode` at 2, so drift checks still fail.
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

	if req.State.Raw.IsNull() {
		// A creation; for a replacement Terraform plans the new object again with no prior state.
		plan.ID = plan.Name
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		resp.Diagnostics.Append(checkMinInsync(plan)...)
		resp.Diagnostics.Append(r.checkNewTopic(ctx, plan)...)
		return
	}
	var state topicModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.data != nil {
		// A creation of this name planned later in this process is a replacement (-replace).
		r.data.topics.markManaged(state.Name.ValueString())
	}
	if !plan.Name.IsUnknown() && plan.Name.ValueString() != state.Name.ValueString() {
		// A rename: Terraform plans a replacement, whose creation is checked in the call above.
		resp.Diagnostics.Append(diagReplacePlanned(state.Name.ValueString(), plan.Name.ValueString()))
		// A new topic takes the cluster's defaults, not the old topic's shape.
		if config.PartitionCount.IsNull() {
			plan.PartitionCount = types.Int64Unknown()
		}
		if config.ReplicationFactor.IsNull() {
			plan.ReplicationFactor = types.Int64Unknown()
		}
		plan.ID = plan.Name
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}

	resp.Diagnostics.Append(checkMinInsync(plan)...)

	unverified, diags := isUnverified(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	// Properties Kafka reads as equal are no change: the recorded spelling stays.
	if !unverified && r.equalToKafka(state.TopicProperties, plan.TopicProperties) && !plan.TopicProperties.Equal(state.TopicProperties) {
		plan.TopicProperties = state.TopicProperties
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	}
	resp.Diagnostics.Append(r.immutableChanges(state, plan, unverified, diag.SeverityWarning)...)
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

// checkNewTopic checks a planned creation against what this provider process knows: a topic of the
// state (a replacement, which the proxy cannot make, or a second declaration), another creation of
// the same name in this plan, the topic list (an existing topic, or one whose name collides under
// Kafka's rule), and the replication factor against the broker count.
func (r *topicResource) checkNewTopic(ctx context.Context, plan topicModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if r.data == nil || plan.Name.IsUnknown() {
		return diags
	}
	name := plan.Name.ValueString()
	if r.data.topics.planCreate(name) > 1 {
		diags.Append(diagDeclaredTwice(name))
		return diags
	}
	if r.data.topics.isManaged(name) {
		// An error at plan time: at apply time Terraform would delete (here: forget) the old object
		// before the creation fails, and the state would lose the topic. A tainted topic also fails
		// the pre-destroy refresh of terraform destroy; the message says to untaint it first.
		diags.Append(diagCannotReplace(name))
		return diags
	}
	if !r.data.ConfigKnown() {
		return diags
	}
	client, d := r.data.Client(ctx)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	e, err := r.data.topics.lookup(ctx, client, name)
	switch {
	case err != nil:
		diags.Append(diagAPI("list the cluster's topics to check whether Kafka topic \""+name+"\" exists", err))
		return diags
	case e.Exists:
		diags.Append(diagTopicExists(name))
		return diags
	case e.Collides != "":
		diags.Append(diagTopicCollides(name, e.Collides, diag.SeverityError))
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

// immutableChanges reports every attribute the plan wants changed on an existing topic, at the given
// severity (a warning at plan time, an error at apply time). Integers compare the configuration with
// the state (the cluster's values after refresh); properties compare the plan with the recorded
// properties under Kafka's parsing rules, unless they were never verified (import).
func (r *topicResource) immutableChanges(state, plan topicModel, unverified bool, severity diag.Severity) diag.Diagnostics {
	var diags diag.Diagnostics
	name := state.Name.ValueString()
	intAttr := func(attr string, planned, st types.Int64) {
		c, ok := knownInt(planned)
		if !ok || st.IsNull() || st.IsUnknown() || c == st.ValueInt64() {
			return
		}
		diags.Append(diagImmutable(name, attr, strconv.FormatInt(st.ValueInt64(), 10), strconv.FormatInt(c, 10), severity))
	}
	intAttr("partition_count", plan.PartitionCount, state.PartitionCount)
	intAttr("replication_factor", plan.ReplicationFactor, state.ReplicationFactor)

	// Values known only after apply are compared when they are known: Update runs this check again.
	if unverified || plan.TopicProperties.IsUnknown() || hasUnknownElement(plan.TopicProperties) {
		return diags
	}
	if changed := r.propertyDiff(knownProperties(state.TopicProperties), knownProperties(plan.TopicProperties)); len(changed) > 0 {
		diags.Append(diagPropertiesImmutable(name, changed, severity))
	}
	return diags
}

// equalToKafka reports whether two known property maps hold the same keys with values Kafka parses
// to the same value.
func (r *topicResource) equalToKafka(a, b types.Map) bool {
	if a.IsUnknown() || b.IsUnknown() || hasUnknownElement(a) || hasUnknownElement(b) {
		return false
	}
	return len(r.propertyDiff(knownProperties(a), knownProperties(b))) == 0
}

// propertyDiff lists, sorted by key, the keys whose values differ under Kafka's parsing rules of
// the configured kafka_version (exact comparison without a catalogue).
func (r *topicResource) propertyDiff(have, want map[string]string) []topicconfig.PropertyDiff {
	var cat *topicconfig.Catalogue
	if r.data != nil {
		cat = r.data.Catalogue()
	}
	return cat.DiffProperties(have, want)
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
