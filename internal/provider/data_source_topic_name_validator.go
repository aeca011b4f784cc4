package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

// dataSourceTopicNameValidator checks a topic name against Kafka's rules at
// plan time, so that a typo fails before any request is sent.
type dataSourceTopicNameValidator struct{}

var _ validator.String = dataSourceTopicNameValidator{}

func (dataSourceTopicNameValidator) Description(context.Context) string {
	return "must be a valid Kafka topic name: 1 to 249 characters of [a-zA-Z0-9._-], not \".\" or \"..\""
}

func (v dataSourceTopicNameValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (dataSourceTopicNameValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := topicconfig.ValidateTopicName(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.Append(diagInvalidTopicName(req.Path, err))
	}
}
