package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

// Import adoption. The REST proxy cannot read a topic's configuration, so an imported topic's
// topic_properties were never sent by this provider: they are "unverified". The plans up to the
// first apply after the import accept the configured properties without an error (ModifyPlan →
// planFirstApplyAfterImport); that apply is always an Update, which records them and clears the mark
// (recordImportedProperties). From then on a change is refused like for a topic this provider
// created. The diagnostics' wording lives in diagnostics.go.

// privateUnverified is the private-state key of the mark; its value is the JSON literal true.
const privateUnverified = "topic_properties_unverified"

// ImportState takes a topic name as the import ID: the refresh that follows reads the topic's
// partitions and replication factor; its properties are marked unverified.
func (r *topicResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if err := topicconfig.ValidateTopicName(req.ID); err != nil {
		resp.Diagnostics.Append(diagImportInvalidID(req.ID, err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), req.ID)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateUnverified, []byte("true"))...)
}

// privateGetter is the read side of a resource's private state.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// isUnverified reports whether the topic's properties carry the import mark.
func isUnverified(ctx context.Context, p privateGetter) (bool, diag.Diagnostics) {
	if p == nil {
		return false, nil
	}
	b, diags := p.GetKey(ctx, privateUnverified)
	return string(b) == "true", diags
}

// planFirstApplyAfterImport plans the apply that records an imported topic's configured properties
// (cfg), as they are. The mark must be cleared even when the configuration has no properties (null
// in the state and in the plan, so Terraform would plan no change and never call Update, and
// properties added later would be taken unverified): in that case the computed id is planned
// unknown, which makes the plan an in-place Update; Update sets it back to the topic name.
func (r *topicResource) planFirstApplyAfterImport(ctx context.Context, c topicChange, cfg topicProperties, resp *resource.ModifyPlanResponse) {
	name := c.state.Name.ValueString()
	if len(cfg.known) > 0 || cfg.unknown {
		resp.Diagnostics.Append(diagPropertiesNotVerified(name))
	} else {
		resp.Diagnostics.Append(diagImportRecorded(name))
	}
	if c.plan.TopicProperties.Equal(c.state.TopicProperties) {
		plan := c.plan
		plan.ID = types.StringUnknown()
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	}
}

// recordImportedProperties clears the mark in the first apply after an import, which records the
// configuration, whatever it is: from now on topic_properties are compared like for a created topic.
func recordImportedProperties(ctx context.Context, resp *resource.UpdateResponse) diag.Diagnostics {
	return resp.Private.SetKey(ctx, privateUnverified, nil)
}
