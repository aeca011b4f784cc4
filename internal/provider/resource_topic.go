package provider

import (
	"context"
	"errors"
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
	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"
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
	WaitForVisibility types.Bool     `tfsdk:"wait_for_visibility"`
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
					"records the configured values without verification, and later changes are refused like for a created topic. " +
					"Values Kafka parses to the same value (`0.5` and `0.50`, `TRUE` and `true`, `compact, delete` and " +
					"`compact,delete`) are no change; the recorded spelling is kept.",
			},
			"wait_for_visibility": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Whether creating this topic waits until the REST proxy shows it; overrides the provider's " +
					"`wait_for_visibility` (default `true`). The proxy answers from a metadata cache, so a new topic becomes " +
					"visible only after a delay D (a few seconds on HDInsight). With `true`, each create waits D, which at " +
					"Terraform's default `-parallelism=10` makes an apply of N topics take about N/10 × D. With `false`, the " +
					"create returns as soon as the proxy accepted it, with the configured `partition_count` and " +
					"`replication_factor` in the state (when either is omitted the create still waits: only the cluster knows " +
					"its value), and the topic is pending until it is seen: a refresh within `timeouts.create` after the " +
					"creation that does not find it keeps it in the state with a warning, and a data source of the same run " +
					"that reads it waits for it. Changing this attribute never changes the topic. Measured with `make bench` " +
					"(2 cores, the emulator at D = 3 s, 100 new topics): `true` 35.7 s, `true` with `-parallelism=50` 8.6 s, " +
					"`false` 2.6 s; the plan right after the `false` apply kept all 100 topics and the plan after D was empty.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeoutsBlock(ctx),
		},
	}
}

// fixedAfterCreation lists the attributes the REST proxy cannot change on an existing topic (it has
// no operation for it), with the rule that tells a planned change: a change is a warning at plan time
// and an error in Update (immutableChanges), before anything is sent. An attribute added to the
// schema that the proxy cannot change is added here, and nowhere else.
var fixedAfterCreation = []struct {
	attr    string
	changed func(r *topicResource, c topicChange, attr string, severity diag.Severity) diag.Diagnostic // nil: unchanged
}{
	{"partition_count", intChanged(func(m topicModel) types.Int64 { return m.PartitionCount })},
	{"replication_factor", intChanged(func(m topicModel) types.Int64 { return m.ReplicationFactor })},
	{"topic_properties", propertiesChanged},
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
	data, diags := providerDataOf(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if data != nil {
		r.data = data
	}
}

func (r *topicResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan topicModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	spec, diags := plan.topicSpec()
	resp.Diagnostics.Append(diags...)
	client, diags := r.client(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := plan.Name.ValueString()
	if r.data.topics.isManaged(name) {
		// Replaced in this apply (-replace, taint): Delete only dropped it from the state.
		resp.Diagnostics.Append(diagCannotReplace(name))
		return
	}
	// The REST proxy cannot take a creation back, so a create that has started runs to its end,
	// bounded by timeouts.create, even when Terraform is interrupted (Ctrl-C cancels ctx): giving up
	// between the PUT and the state write would leave a topic on the cluster that no state knows,
	// and the next plan would refuse to create it. Terraform waits for it on the first interrupt.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()

	started := time.Now()
	created, err := client.CreateTopic(ctx, name, spec, kafkarest.CreateOptions{Wait: r.waitForVisibility(plan)})
	if err != nil {
		resp.Diagnostics.Append(r.diagCreateFailed(ctx, client, name, err))
		return
	}
	r.data.topics.created(name)
	tflog.Debug(ctx, "hdikafka_topic: created", map[string]any{
		"topic": name, "outcome": created.Outcome.String(), "attempts": created.Attempts,
		"waited": created.Topic != nil, "polls": created.Wait.Polls, "elapsed": created.Wait.Elapsed.String(),
	})

	plan.ID = types.StringValue(name)
	if created.Topic != nil {
		plan.PartitionCount = types.Int64Value(int64(created.Topic.PartitionCount()))
		plan.ReplicationFactor = types.Int64Value(int64(created.Topic.ReplicationFactor()))
	} else {
		// Accepted, not seen yet: the state holds the requested shape (both were known, or
		// CreateTopic would have waited), and the topic is pending until a refresh sees it.
		r.data.topics.setPending(name)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePendingSince, formatPendingSince(started))...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// waitForVisibility is the resource's wait_for_visibility, else the provider's.
func (r *topicResource) waitForVisibility(m topicModel) bool {
	if !m.WaitForVisibility.IsNull() && !m.WaitForVisibility.IsUnknown() {
		return m.WaitForVisibility.ValueBool()
	}
	return r.data == nil || r.data.settings.WaitForVisibility
}

// topicSpec is the creation request of the planned topic. The schema's validators bound both
// counts at plan time; the conversion guard keeps a value from another provider version's plan
// from wrapping around.
func (m topicModel) topicSpec() (kafkarest.TopicSpec, diag.Diagnostics) {
	var diags diag.Diagnostics
	spec := kafkarest.TopicSpec{Properties: m.properties().known}
	spec.PartitionCount = int32Attr(m.PartitionCount, "partition_count", maxPartitionCount, &diags)
	spec.ReplicationFactor = int32Attr(m.ReplicationFactor, "replication_factor", maxReplicationFactor, &diags)
	return spec, diags
}

// diagCreateFailed words a failed creation. A topic the plan's topic list did not show was made during
// the run, most likely by another resource declaring the same topic: the advice is one owner, never an
// import that would leave two.
func (r *topicResource) diagCreateFailed(ctx context.Context, client topicClient, name string, err error) diag.Diagnostic {
	var (
		exists   *kafkarest.TopicExistsError
		rejected *kafkarest.CreateRejectedError
		shape    *kafkarest.ShapeMismatchError
		hidden   *kafkarest.NotVisibleError
	)
	switch {
	case errors.As(err, &exists):
		return diagCreatedDuringRun(name, err)
	case errors.As(err, &rejected):
		// A name that collides under Kafka's '.'/'_' rule is refused with 400 too: name the other topic.
		if e, lerr := r.data.topics.refetch(ctx, client, name); lerr == nil && e.Collides != "" {
			return diagTopicCollides(name, e.Collides, diag.SeverityError)
		}
		return diagCreateRejected(name, err)
	case errors.As(err, &shape):
		attr := "partition_count"
		if shape.Field == kafkarest.ReplicationFactorField {
			attr = "replication_factor"
		}
		return diagShapeMismatch(name, attr, int64(shape.Want), int64(shape.Got))
	case errors.As(err, &hidden):
		return diagWaitFailed(name, hidden.Stats, hidden.Err)
	default:
		return diagAPI("create Kafka topic \""+name+"\"", err)
	}
}

func (r *topicResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	// The attributes Read needs, one by one: a whole-model conversion costs more than the request in
	// large plans, and most refreshes change nothing.
	var state topicModel
	for _, a := range []struct {
		attr   string
		target any
	}{{"name", &state.Name}, {"timeouts", &state.Timeouts}, {"id", &state.ID},
		{"partition_count", &state.PartitionCount}, {"replication_factor", &state.ReplicationFactor}} {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(a.attr), a.target)...)
	}
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
	r.data.topics.markManaged(name)
	pendingRaw, diags := req.Private.GetKey(ctx, privatePendingSince)
	resp.Diagnostics.Append(diags...)
	md, err := client.GetTopic(ctx, name)
	switch {
	case err == nil:
		if len(pendingRaw) > 0 {
			resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePendingSince, nil)...)
		}
		r.data.topics.visible(name)
	case kafkarest.IsNotFound(err):
		r.readNotFound(ctx, client, state, pendingRaw, resp)
		return
	default:
		resp.Diagnostics.Append(diagAPI("read Kafka topic \""+name+"\"", err))
		return
	}
	// resp.State starts as the prior state: only what the cluster changed is written.
	for _, a := range []struct {
		attr string
		have types.Int64
		want int
	}{{"partition_count", state.PartitionCount, md.PartitionCount()}, {"replication_factor", state.ReplicationFactor, md.ReplicationFactor()}} {
		if a.have.IsNull() || a.have.IsUnknown() || a.have.ValueInt64() != int64(a.want) {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(a.attr), types.Int64Value(int64(a.want)))...)
		}
	}
	if state.ID.ValueString() != name {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), types.StringValue(name))...)
	}
}

// readNotFound decides a refresh's 404. The proxy answers from per-node caches, so a 404 alone is no
// proof of deletion: a topic created without waiting stays while its create timeout runs; otherwise
// the topic leaves the state only when the topic list does not show it either, twice, a pause
// apart. Listed but 404 on its partitions: the state is kept, with a warning.
func (r *topicResource) readNotFound(ctx context.Context, client topicClient, state topicModel, pendingRaw []byte, resp *resource.ReadResponse) {
	name := state.Name.ValueString()
	if since, ok := parsePendingSince(pendingRaw); ok {
		grace, diags := state.Timeouts.Create(ctx, defaultCreateTimeout)
		resp.Diagnostics.Append(diags...)
		if time.Since(since) < grace {
			resp.Diagnostics.Append(diagPendingNotVisible(name, since, grace))
			return // the state is kept as it is
		}
	}
	absent, err := confirmAbsent(ctx, client, r.data.topics, name)
	switch {
	case err != nil:
		resp.Diagnostics.Append(diagAPI("confirm that Kafka topic \""+name+"\" was deleted (its partitions answered 404)", err))
	case !absent:
		resp.Diagnostics.Append(diagListedButNotFound(name))
	default:
		resp.Diagnostics.Append(diagTopicGone(name))
		resp.State.RemoveResource(ctx)
		r.data.topics.gone(name)
	}
}

// confirmAbsentPause is the pause between the two topic lists that confirm a deletion: long enough
// for a request to reach another REST proxy node or a refreshed cache.
const confirmAbsentPause = 2 * time.Second

// confirmAbsent reports whether the topic list (fetched fresh) does not show name, twice, a pause
// apart. The fresh list also becomes the process's list for existence checks.
func confirmAbsent(ctx context.Context, client topicClient, topics *processTopics, name string) (bool, error) {
	for i := 0; i < 2; i++ {
		if i > 0 {
			if err := retry.Sleep(ctx, confirmAbsentPause); err != nil {
				return false, err
			}
		}
		e, err := topics.refetch(ctx, client, name)
		if err != nil {
			return false, err
		}
		if e.Exists {
			return false, nil
		}
	}
	return true, nil
}

// Update only records values the cluster does not need to change: the configuration after an import
// (clearing the unverified mark), timeouts and wait_for_visibility. A change the proxy cannot make was
// a warning at plan time (see ModifyPlan) and is refused here, before anything is sent.
func (r *topicResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state topicModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	unverified, diags := isUnverified(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	// The plan warned; here the change is refused before anything is sent to the cluster.
	resp.Diagnostics.Append(r.immutableChanges(newTopicChange(state, plan, unverified), diag.SeverityError)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = state.ID
	plan.PartitionCount = state.PartitionCount
	plan.ReplicationFactor = state.ReplicationFactor
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if unverified {
		resp.Diagnostics.Append(recordImportedProperties(ctx, resp)...)
	}
}

// Delete cannot delete: the REST proxy has no such operation. The framework removes the resource
// from the state; the warning says what remains and how to delete it. When the same apply also
// creates a topic of this name (a replacement: -replace, taint, or a resource moved without a
// moved block), removing it would lose the topic from the state while the creation must fail: the
// delete is refused instead, before anything changes.
func (r *topicResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state topicModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.Name.ValueString()
	if r.data != nil {
		if r.data.topics.creationPlanned(name) {
			resp.Diagnostics.Append(diagCannotReplace(name))
			return
		}
		// A create of this name later in the same apply is a replacement the proxy cannot make.
		r.data.topics.markManaged(name)
	}
	resp.Diagnostics.Append(diagDestroyApplied(name))
}

func (r *topicResource) client(ctx context.Context) (topicClient, diag.Diagnostics) {
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
// outside 1..maximum is reported as an error diagnostic.
func int32Attr(v types.Int64, attr string, maximum int64, diags *diag.Diagnostics) *int32 {
	x, known := knownInt(v)
	if !known {
		return nil
	}
	if x < 1 || x > maximum {
		diags.Append(diagOutOfRange(path.Root(attr), x, 1, maximum, "the REST proxy takes a 32-bit integer and Kafka's limit applies"))
		return nil
	}
	y := int32(x)
	return &y
}
