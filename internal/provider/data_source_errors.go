package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
)

// dataSourceReadError turns an error of the REST proxy client into an error
// diagnostic for a data source. what names the object that was being read,
// e.g. `topic "orders"`.
func dataSourceReadError(what string, err error) diag.Diagnostic {
	switch {
	case kafkarest.IsUnauthorized(err):
		return diag.NewErrorDiagnostic(
			fmt.Sprintf("Unauthorized reading %s (HTTP 401)", what),
			fmt.Sprintf("The Kafka REST proxy rejected the provider's access token while reading %s.\n\n%v", what, err))
	case kafkarest.IsForbidden(err):
		return diag.NewErrorDiagnostic(
			fmt.Sprintf("Access denied reading %s (HTTP 403)", what),
			fmt.Sprintf("The Kafka REST proxy authenticated the provider's application but refused access while "+
				"reading %s: the application (client_id) must be a member of the Entra ID security group selected "+
				"for the cluster's REST proxy.\n\n%v", what, err))
	default:
		return diag.NewErrorDiagnostic(
			fmt.Sprintf("Error reading %s", what),
			fmt.Sprintf("Reading %s from the Kafka REST proxy failed: %v", what, err))
	}
}

// dataSourceTopicNotFound is the diagnostic for a topic the REST proxy does
// not know (HTTP 404).
func dataSourceTopicNotFound(topic string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic(
		fmt.Sprintf("Topic %q not found", topic),
		fmt.Sprintf("The Kafka REST proxy has no metadata for topic %q (%v).\n\n"+
			"Either the topic does not exist, or it may not be visible yet: the REST proxy serves metadata from a "+
			"cache that refreshes periodically, so a topic created recently (in particular one created outside the "+
			"proxy) can take a while to appear. If the topic is created in this configuration, reference the "+
			"hdikafka_topic resource (for example name = hdikafka_topic.x.name) so that the data source is read "+
			"after the topic is created; otherwise check the name and retry later.", topic, err))
}
