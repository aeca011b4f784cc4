package provider

import (
	"context"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
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
	if r.planUnchanged(ctx, req, resp) {
		return
	}
	var plan, config topicModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfgProps := config.properties()
	if r.data != nil {
		resp.Diagnostics.Append(validateProperties(r.data.Catalogue(), cfgProps)...)
	}

	if req.State.Raw.IsNull() {
		// A creation; for a replacement Terraform plans the new object again with no prior state.
		plan.ID = plan.Name
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		resp.Diagnostics.Append(checkMinInsync(plan, plan.properties())...)
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

	unverified, diags := isUnverified(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	change := newTopicChange(state, plan, unverified)
	resp.Diagnostics.Append(checkMinInsync(plan, change.want)...)
	// Properties Kafka reads as equal are no change: the recorded spelling stays.
	if !unverified && r.equalToKafka(change.have, change.want) && !plan.TopicProperties.Equal(state.TopicProperties) {
		plan.TopicProperties = state.TopicProperties
		change.plan, change.want = plan, change.have
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	}
	resp.Diagnostics.Append(r.immutableChanges(change, diag.SeverityWarning)...)
	if unverified && !resp.Diagnostics.HasError() {
		r.planFirstApplyAfterImport(ctx, change, cfgProps, resp)
	}
}

// planUnchanged handles the plan of a topic whose planned value equals its state, the case of every
// topic of a scheduled plan, with the few attributes its checks need instead of whole-model
// conversions (the framework's struct conversion dominates the provider's CPU in large plans): the
// topic is marked managed, and topic_properties and min.insync.replicas are checked as in the full
// path. It returns false, having done nothing, for every other plan, and for the first plan after
// an import.
func (r *topicResource) planUnchanged(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) bool {
	if r.data == nil || req.State.Raw.IsNull() || !req.Plan.Raw.Equal(req.State.Raw) {
		return false
	}
	if unverified, diags := isUnverified(ctx, req.Private); unverified || diags.HasError() {
		return false
	}
	var m topicModel
	var diags diag.Diagnostics
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("name"), &m.Name)...)
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("replication_factor"), &m.ReplicationFactor)...)
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("topic_properties"), &m.TopicProperties)...)
	if diags.HasError() {
		return false
	}
	r.data.topics.markManaged(m.Name.ValueString())
	// The plan equals the state, so its topic_properties are the configuration's.
	props := m.properties()
	resp.Diagnostics.Append(validateProperties(r.data.Catalogue(), props)...)
	resp.Diagnostics.Append(checkMinInsync(m, props)...)
	return true
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

// topicChange is a planned in-place change of an existing topic: the state (the cluster's values
// after refresh), the plan, and their topic_properties, computed once.
type topicChange struct {
	state, plan topicModel
	have, want  topicProperties // state's and plan's topic_properties
	unverified  bool            // topic_properties were never sent by this provider (import)
}

func newTopicChange(state, plan topicModel, unverified bool) topicChange {
	return topicChange{state: state, plan: plan, have: state.properties(), want: plan.properties(), unverified: unverified}
}

// immutableChanges reports every attribute of fixedAfterCreation that the plan wants changed on an
// existing topic, at the given severity (a warning at plan time, an error at apply time).
func (r *topicResource) immutableChanges(c topicChange, severity diag.Severity) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, f := range fixedAfterCreation {
		if d := f.changed(r, c, f.attr, severity); d != nil {
			diags.Append(d)
		}
	}
	return diags
}

// intChanged is the fixedAfterCreation rule of an integer attribute: the configured value (known)
// against the state's (the cluster's value after refresh); an omitted value keeps the cluster's.
func intChanged(value func(topicModel) types.Int64) func(*topicResource, topicChange, string, diag.Severity) diag.Diagnostic {
	return func(_ *topicResource, c topicChange, attr string, severity diag.Severity) diag.Diagnostic {
		want, ok := knownInt(value(c.plan))
		have, hok := knownInt(value(c.state))
		if !ok || !hok || want == have {
			return nil
		}
		return diagImmutable(c.state.Name.ValueString(), attr, strconv.FormatInt(have, 10), strconv.FormatInt(want, 10), severity)
	}
}

// propertiesChanged is the fixedAfterCreation rule of topic_properties: the plan against the recorded
// properties under Kafka's parsing rules, unless they were never verified (import). Values known
// only after apply are compared when they are known: Update runs this check again.
func propertiesChanged(r *topicResource, c topicChange, _ string, severity diag.Severity) diag.Diagnostic {
	if c.unverified || c.want.unknown {
		return nil
	}
	if changed := r.propertyDiff(c.have.known, c.want.known); len(changed) > 0 {
		return diagPropertiesImmutable(c.state.Name.ValueString(), changed, severity)
	}
	return nil
}

// equalToKafka reports whether two known property maps hold the same keys with values Kafka parses
// to the same value.
func (r *topicResource) equalToKafka(a, b topicProperties) bool {
	if a.unknown || b.unknown {
		return false
	}
	return len(r.propertyDiff(a.known, b.known)) == 0
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

// checkMinInsync warns when topic_properties["min.insync.replicas"] (props, the plan's) exceeds the
// planned replication_factor; both must be known. A value that is not a number is validateProperties'
// concern.
func checkMinInsync(plan topicModel, props topicProperties) diag.Diagnostics {
	var diags diag.Diagnostics
	rf, ok := knownInt(plan.ReplicationFactor)
	v, set := props.known["min.insync.replicas"]
	if !ok || !set {
		return diags
	}
	minISR, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err == nil && minISR > rf {
		diags.Append(diagMinInsyncAboveRF(minISR, rf))
	}
	return diags
}

// validateProperties checks the known keys and values against Kafka's topic configuration.
func validateProperties(cat *topicconfig.Catalogue, props topicProperties) diag.Diagnostics {
	var diags diag.Diagnostics
	if cat == nil || len(props.known) == 0 {
		return diags
	}
	for _, err := range cat.Validate(props.known) {
		diags.Append(diagInvalidTopicProperty(errorKey(err), err))
	}
	return diags
}
