package provider

import (
	"context"
	"fmt"
	"math"

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

// Kafka's wire types bound the topic shape: the partition count is an INT32 and the replication
// factor an INT16 in CreateTopics, and the REST proxy's fields are int32.
const (
	maxPartitionCount    = math.MaxInt32
	maxReplicationFactor = math.MaxInt16
)

var _ validator.Int64 = int64RangeValidator{}

// int64RangeValidator accepts min <= value <= max; rule says where the bounds come from.
type int64RangeValidator struct {
	min, max int64
	rule     string
}

func (v int64RangeValidator) Description(context.Context) string {
	return fmt.Sprintf("value must be between %d and %d (%s)", v.min, v.max, v.rule)
}

func (v int64RangeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v int64RangeValidator) ValidateInt64(_ context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if n := req.ConfigValue.ValueInt64(); n < v.min || n > v.max {
		resp.Diagnostics.Append(diagOutOfRange(req.Path, n, v.min, v.max, v.rule))
	}
}

// partitionCountValidator and replicationFactorValidator are the schema's range checks.
func partitionCountValidator() validator.Int64 {
	return int64RangeValidator{min: 1, max: maxPartitionCount,
		rule: "Kafka's partition count is a 32-bit integer and a topic needs at least one partition"}
}

func replicationFactorValidator() validator.Int64 {
	return int64RangeValidator{min: 1, max: maxReplicationFactor,
		rule: "Kafka's replication factor is a 16-bit integer and a topic needs at least one replica"}
}
