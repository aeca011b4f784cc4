package emulator

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

// catalogueFor returns topicconfig's rules for one Kafka version: Kafka's own
// checks that the emulator applies in front of a lenient backend.
func catalogueFor(kafkaVersion string) (*topicconfig.Catalogue, error) {
	cat, err := topicconfig.ForVersion(kafkaVersion)
	if err != nil {
		return nil, fmt.Errorf("kafka version %q: %w", kafkaVersion, err)
	}
	return cat, nil
}

// validateConfigs checks topic properties against cat and joins every
// problem into one error.
func validateConfigs(cat *topicconfig.Catalogue, props map[string]string) error {
	if len(props) == 0 {
		return nil
	}
	errs := cat.Validate(props)
	if len(errs) == 0 {
		return nil
	}
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
	}
	return errors.New(strings.Join(msgs, "; "))
}
