package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// topicProperties is a topic_properties value as the checks see it, computed once per plan for the
// configuration, the plan and the state.
type topicProperties struct {
	known   map[string]string // the known elements; nil when the map is null or unknown
	unknown bool              // the map, or one of its elements, is known only after apply
}

// propertiesOf reads a topic_properties map. Null and empty maps are the same: no properties.
func propertiesOf(v types.Map) topicProperties {
	if v.IsNull() {
		return topicProperties{}
	}
	if v.IsUnknown() {
		return topicProperties{unknown: true}
	}
	p := topicProperties{known: map[string]string{}}
	for k, e := range v.Elements() {
		if e.IsUnknown() {
			p.unknown = true
			continue
		}
		if s, ok := e.(types.String); ok && !s.IsNull() {
			p.known[k] = s.ValueString()
		}
	}
	return p
}

// properties is the model's topic_properties.
func (m topicModel) properties() topicProperties { return propertiesOf(m.TopicProperties) }
