package provider

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

var (
	_ resource.Resource                   = (*topicResource)(nil)
	_ resource.ResourceWithConfigure      = (*topicResource)(nil)
	_ resource.ResourceWithImportState    = (*topicResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*topicResource)(nil)
	_ resource.ResourceWithValidateConfig = (*topicResource)(nil)
)

const (
	defaultCreateTimeout = 10 * time.Minute
	defaultReadTimeout   = 5 * time.Minute
	// privateUnverified marks a topic whose topic_properties were never sent by this provider
	// (imported): the plans up to the first apply after the import record the configured properties
	// without an error; that apply (always an Update, see ModifyPlan) clears the mark.
	privateUnverified = "topic_properties_unverified"
)

// NewTopicResource returns the hdikafka_topic resource.
func NewTopicResource() resource.Resource { return &topicResource{} }

type topicResource struct {
	data *providerData
}

type topicModel struct {
	ID                types.String   `tfsdk:"id"`
	Name              types.String   `tfsdk:"name"`
	PartitionCount    types.Int64    `tfsdk:"partition_count"`
	ReplicationFactor types.Int64    `tfsdk:"replication_factor"`
	TopicProperties   types.Map      `tfsdk:"topic_properties"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

func (r *topicResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_topic"
}

func (r *topicResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Kafka topic on an HDInsight cluster, created through the Kafka REST proxy.\n\n" +
			"The REST proxy can create and read topics but cannot change or delete them: a changed " +
			"`partition_count`, `replication_factor` or `topic_properties` is an error at plan time, and " +
			"destroying the resource only removes it from the Terraform state (the topic stays on the cluster). " +
			"Drift of `partition_count` and `replication_factor` shows in `terraform plan`; drift of " +
			"`topic_properties` cannot be detected because the REST proxy cannot read topic configurations.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The topic name.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Name of the topic: 1 to 249 characters of `a-z`, `A-Z`, `0-9`, `.`, `_`, `-`, " +
					"and not `.` or `..`. Changing it creates a new topic and leaves the old one on the cluster.",
				Validators:    []validator.String{topicNameValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"partition_count": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Number of partitions, from 1 to 2147483647 (Kafka's 32-bit limit). The cluster's " +
					"default when omitted. Read back from the cluster on every refresh; cannot be changed through the REST proxy.",
				Validators:    []validator.Int64{partitionCountValidator()},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"replication_factor": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Number of replicas of each partition: at least 1 and at most the number of " +
					"brokers (checked at plan time; Kafka's 16-bit limit is 32767). The cluster's default when omitted. " +
					"Read back from the cluster on every refresh; cannot be changed through the REST proxy.",
				Validators:    []validator.Int64{replicationFactorValidator()},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"topic_properties": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Topic-level configuration overrides sent at creation, e.g. " +
					"`{ \"retention.ms\" = \"604800000\", \"cleanup.policy\" = \"compact\" }`. Keys and values are " +
					"checked against Kafka's topic configuration: by `terraform validate` where every supported Kafka version " +
					"agrees, and at plan time for `kafka_version`. They cannot be " +
					"read back from the cluster, so their drift is not detected; after an import the first apply " +
					"records the configured values without verification, and later changes are refused like for a created topic.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeoutsBlock(ctx),
		},
	}
}

// timeoutsBlock is the timeouts { create, read } block with descriptions for the docs.
func timeoutsBlock(ctx context.Context) schema.Block {
	b := timeouts.Block(ctx, timeouts.Opts{
		Create: true, Read: true,
		CreateDescription: "How long to wait for the topic to be created and visible with the requested " +
			"partitions, as a duration such as `30s` or `10m` (default `10m`).",
		ReadDescription: "How long a refresh of the topic may take, as a duration (default `5m`).",
	})
	nb, ok := b.(schema.SingleNestedBlock)
	if !ok {
		return b
	}
	nb.MarkdownDescription = "Operation timeouts."
	for name, a := range nb.Attributes {
		if sa, ok := a.(schema.StringAttribute); ok {
			sa.MarkdownDescription = sa.Description
			nb.Attributes[name] = sa
		}
	}
	return nb
}

func (r *topicResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	data, ok := req.ProviderData.(*providerData)
	if !ok {
		resp.Diagnostics.Append(diagUnexpectedProviderData(req.ProviderData))
		return
	}
	r.data = data
}

func (r *topicResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan topicModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	props := knownProperties(plan.TopicProperties)
	client, diags := r.client(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The REST proxy cannot take a creation back, so a create that has started runs to its end,
	// bounded by timeouts.create, even when Terraform is interrupted (Ctrl-C cancels ctx): giving up
	// between the PUT and the state write would leave a topic on the cluster that no state knows,
	// and the next plan would refuse to create it. Terraform waits for it on the first interrupt.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()

	name := plan.Name.ValueString()
	spec := kafkarest.TopicSpec{Properties: props}
	// The schema's validators bound both values; the guard keeps an out-of-range value (a plan made
	// by another provider version, say) from wrapping around in the int32 conversion.
	var ok bool
	if spec.PartitionCount, ok = int32Attr(plan.PartitionCount, "partition_count", maxPartitionCount, &resp.Diagnostics); !ok {
		return
	}
	if spec.ReplicationFactor, ok = int32Attr(plan.ReplicationFactor, "replication_factor", maxReplicationFactor, &resp.Diagnostics); !ok {
		return
	}

	result, err := client.CreateTopic(ctx, name, spec)
	if err != nil {
		if errors.Is(err, kafkarest.ErrTopicExists) {
			resp.Diagnostics.Append(diagCreatedElsewhere(name, err))
			return
		}
		if isRejectedCreate(err) {
			resp.Diagnostics.Append(diagCreateRejected(name, err))
			return
		}
		resp.Diagnostics.Append(diagAPI("create Kafka topic \""+name+"\"", err))
		return
	}
	tflog.Debug(ctx, "hdikafka_topic: create request accepted", map[string]any{
		"topic": name, "outcome": result.Outcome.String(), "attempts": result.Attempts,
	})

	want := 0
	if spec.PartitionCount != nil {
		want = int(*spec.PartitionCount)
	}
	md, stats, err := client.WaitForTopic(ctx, name, kafkarest.WaitOptions{WantPartitions: want})
	if err != nil {
		resp.Diagnostics.Append(diagWaitFailed(name, stats, err))
		return
	}
	tflog.Debug(ctx, "hdikafka_topic: topic visible", map[string]any{
		"topic": name, "polls": stats.Polls, "elapsed": stats.Elapsed.String(),
	})

	// The outcome may be a retry that found an earlier attempt's topic, or an ambiguous answer: the
	// topic must have the requested shape, or it is not the one this plan created.
	if spec.PartitionCount != nil && md.PartitionCount() != int(*spec.PartitionCount) {
		resp.Diagnostics.Append(diagShapeMismatch(name, "partition_count", int64(*spec.PartitionCount), int64(md.PartitionCount())))
		return
	}
	if spec.ReplicationFactor != nil && md.ReplicationFactor() != int(*spec.ReplicationFactor) {
		resp.Diagnostics.Append(diagShapeMismatch(name, "replication_factor", int64(*spec.ReplicationFactor), int64(md.ReplicationFactor())))
		return
	}

	plan.ID = types.StringValue(name)
	plan.PartitionCount = types.Int64Value(int64(md.PartitionCount()))
	plan.ReplicationFactor = types.Int64Value(int64(md.ReplicationFactor()))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// isRejectedCreate reports whether a creation failed with HTTP 400 or 409, the REST proxy's answer
// for a topic that already exists, even one its metadata cache does not show yet.
func isRejectedCreate(err error) bool {
	var ae *kafkarest.APIError
	return errors.As(err, &ae) && (ae.StatusCode == http.StatusBadRequest || ae.StatusCode == http.StatusConflict)
}

func (r *topicResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state topicModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	client, diags := r.client(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	name := state.Name.ValueString()
	md, err := client.GetTopic(ctx, name)
	if err != nil {
		if kafkarest.IsNotFound(err) {
			resp.Diagnostics.Append(diagTopicGone(name))
			resp.State.RemoveResource(ctx)
			return
		}
		resp.Diagnostics.Append(diagAPI("read Kafka topic \""+name+"\"", err))
		return
	}
	state.ID = types.StringValue(name)
	state.Name = types.StringValue(name)
	state.PartitionCount = types.Int64Value(int64(md.PartitionCount()))
	state.ReplicationFactor = types.Int64Value(int64(md.ReplicationFactor()))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update only records values the cluster does not need to change: the configuration after an import
// (clearing the unverified mark) and timeouts. Everything else is refused at plan time; the checks here guard against a plan that
// was made while the provider configuration was unknown.
func (r *topicResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state topicModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	unverified, diags := isUnverified(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(immutableChanges(state, plan, plan, unverified)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = state.ID
	plan.PartitionCount = state.PartitionCount
	plan.ReplicationFactor = state.ReplicationFactor
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	// The first apply after an import records the configuration, whatever it is (ModifyPlan makes
	// sure there is one): from now on topic_properties are compared like for a created topic.
	if unverified {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateUnverified, nil)...)
	}
}

// Delete cannot delete: the REST proxy has no such operation. The framework removes the resource
// from the state; the warning says what remains and how to delete it.
func (r *topicResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state topicModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(diagDestroyApplied(state.Name.ValueString()))
}

func (r *topicResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if err := topicconfig.ValidateTopicName(req.ID); err != nil {
		resp.Diagnostics.Append(diagImportInvalidID(req.ID, err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), req.ID)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateUnverified, []byte("true"))...)
}

func (r *topicResource) client(ctx context.Context) (*kafkarest.Client, diag.Diagnostics) {
	if r.data == nil {
		var d diag.Diagnostics
		d.Append(diagUnexpectedProviderData(nil))
		return nil, d
	}
	return r.data.Client(ctx)
}

func knownInt(v types.Int64) (int64, bool) {
	if v.IsNull() || v.IsUnknown() {
		return 0, false
	}
	return v.ValueInt64(), true
}

// int32Attr converts a known attribute value for the REST proxy (nil when null or unknown). A value
// outside 1..maximum is reported as an error diagnostic and ok is false.
func int32Attr(v types.Int64, attr string, maximum int64, diags *diag.Diagnostics) (n *int32, ok bool) {
	x, known := knownInt(v)
	if !known {
		return nil, true
	}
	if x < 1 || x > maximum {
		diags.Append(diagOutOfRange(path.Root(attr), x, 1, maximum, "the REST proxy takes a 32-bit integer and Kafka's limit applies"))
		return nil, false
	}
	y := int32(x)
	return &y, true
}
