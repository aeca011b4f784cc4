package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSource                   = (*topicsDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*topicsDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*topicsDataSource)(nil)
)

// NewTopicsDataSource returns the hdikafka_topics data source.
func NewTopicsDataSource() datasource.DataSource { return &topicsDataSource{} }

type topicsDataSource struct{ dataSourceBase }

type topicsDataSourceModel struct {
	ID              types.String `tfsdk:"id"`
	NameRegex       types.String `tfsdk:"name_regex"`
	IncludeInternal types.Bool   `tfsdk:"include_internal"`
	Names           []string     `tfsdk:"names"`
}

func (d *topicsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_topics"
}

func (d *topicsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the names of the topics the Kafka REST proxy knows (`GET /v1/metadata/topics`), " +
			"optionally filtered by a regular expression. The proxy serves metadata from a cache, so a topic " +
			"created recently may be missing for a while.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Identifier of this lookup, built from `name_regex` and `include_internal`.",
			},
			"name_regex": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Keep only the topics whose name matches this regular expression " +
					"([RE2 syntax](https://github.com/google/re2/wiki/Syntax)). The match is unanchored: use `^` " +
					"and `$` to match whole names. An invalid expression is a configuration error.",
			},
			"include_internal": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Include internal topics, whose names start with `__` (such as " +
					"`__consumer_offsets`). Default `false`.",
			},
			"names": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Names of the matching topics, sorted.",
			},
		},
	}
}

// ValidateConfig rejects an invalid name_regex before anything is read.
func (d *topicsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var expr types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name_regex"), &expr)...)
	if resp.Diagnostics.HasError() || expr.IsNull() || expr.IsUnknown() {
		return
	}
	if _, err := dataSourceCompileNameRegex(expr.ValueString()); err != nil {
		resp.Diagnostics.Append(diagInvalidNameRegex(err))
	}
}

func (d *topicsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m topicsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var re *regexp.Regexp
	if !m.NameRegex.IsNull() {
		var err error
		if re, err = dataSourceCompileNameRegex(m.NameRegex.ValueString()); err != nil {
			resp.Diagnostics.Append(diagInvalidNameRegex(err))
			return
		}
	}
	includeInternal := m.IncludeInternal.ValueBool() // null → false

	client, diags := d.readClient(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	all, err := client.ListTopics(ctx)
	if err != nil {
		resp.Diagnostics.Append(diagReadTopicList(err))
		return
	}

	m.Names = dataSourceFilterTopicNames(all, re, includeInternal)
	m.IncludeInternal = types.BoolValue(includeInternal)
	m.ID = types.StringValue(dataSourceTopicsID(m.NameRegex.ValueString(), includeInternal))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// dataSourceCompileNameRegex compiles name_regex with an error that names
// the attribute, the expression and what is wrong with it.
func dataSourceCompileNameRegex(expr string) (*regexp.Regexp, error) {
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("name_regex %q is not a valid regular expression (RE2 syntax): %w", expr, err)
	}
	return re, nil
}

// dataSourceIsInternalTopic reports whether a topic is one of Kafka's
// internal topics (__consumer_offsets, __transaction_state, ...).
func dataSourceIsInternalTopic(name string) bool { return strings.HasPrefix(name, "__") }

// dataSourceFilterTopicNames keeps the names that match re (nil: all) and,
// unless includeInternal, are not internal; sorted and without duplicates.
// The result is never nil.
func dataSourceFilterTopicNames(names []string, re *regexp.Regexp, includeInternal bool) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if !includeInternal && dataSourceIsInternalTopic(n) {
			continue
		}
		if re != nil && !re.MatchString(n) {
			continue
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// dataSourceTopicsID is the id of an hdikafka_topics lookup.
func dataSourceTopicsID(nameRegex string, includeInternal bool) string {
	return fmt.Sprintf("name_regex=%s;include_internal=%t", nameRegex, includeInternal)
}
