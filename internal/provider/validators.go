package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

var (
	_ validator.String = durationValidator{}
	_ validator.String = kafkaVersionValidator{}
	_ validator.String = topicNameValidator{}
)

// durationValidator accepts a positive Go duration string such as "30s".
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "value must be a positive duration such as \"30s\" or \"2m\""
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parsePositiveDuration(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.Append(diagInvalidDuration(req.Path, req.ConfigValue.ValueString(), err))
	}
}

// kafkaVersionValidator accepts the Kafka version lines topicconfig has catalogues for.
type kafkaVersionValidator struct{}

func (kafkaVersionValidator) Description(context.Context) string {
	return "value must be a supported Kafka version line"
}

func (v kafkaVersionValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (kafkaVersionValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := topicconfig.ForVersion(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.Append(diagInvalidKafkaVersion(req.Path, req.ConfigValue.ValueString()))
	}
}

// topicNameValidator applies Kafka's topic name rules.
type topicNameValidator struct{}

func (topicNameValidator) Description(context.Context) string {
	return "value must be a legal Kafka topic name: 1-249 characters of [a-zA-Z0-9._-], not \".\" or \"..\""
}

func (v topicNameValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (topicNameValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := topicconfig.ValidateTopicName(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.Append(diagInvalidTopicName(req.Path, err))
	}
}
