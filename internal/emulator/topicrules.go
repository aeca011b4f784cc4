package emulator

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

// topicRules are Kafka's own checks that the emulator applies in front of a
// lenient backend.
type topicRules interface {
	version() string
	validateName(name string) error
	validateConfigs(props map[string]string) error
}

// catalogueRules applies topicconfig's rules for one Kafka version.
type catalogueRules struct {
	cat *topicconfig.Catalogue
}

func newTopicRules(kafkaVersion string) (topicRules, error) {
	cat, err := topicconfig.ForVersion(kafkaVersion)
	if err != nil {
		return nil, fmt.Errorf("kafka version %q: %w", kafkaVersion, err)
	}
	return catalogueRules{cat: cat}, nil
}

func (c catalogueRules) version() string { return c.cat.Version() }

func (c catalogueRules) validateName(name string) error { return topicconfig.ValidateTopicName(name) }

func (c catalogueRules) validateConfigs(props map[string]string) error {
	if len(props) == 0 {
		return nil
	}
	errs := c.cat.Validate(props)
	if len(errs) == 0 {
		return nil
	}
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
	}
	return errors.New(strings.Join(msgs, "; "))
}
