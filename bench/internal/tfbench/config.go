package tfbench

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Topic is one hdikafka_topic resource of a generated configuration.
type Topic struct {
	Name              string
	PartitionCount    int
	ReplicationFactor int
	Properties        map[string]string
}

// ResourceName is the terraform resource name of the topic.
func (t Topic) ResourceName() string {
	return "t_" + strings.NewReplacer(".", "_", "-", "_").Replace(t.Name)
}

// Topics returns n topics named prefix-0001 ... with a fixed shape.
func Topics(prefix string, n, partitions, rf int, props map[string]string) []Topic {
	out := make([]Topic, n)
	for i := range out {
		out[i] = Topic{Name: fmt.Sprintf("%s-%04d", prefix, i+1), PartitionCount: partitions, ReplicationFactor: rf, Properties: props}
	}
	return out
}

// RenderConfig renders a configuration with the provider (settings from the
// environment) and one hdikafka_topic per topic.
func RenderConfig(topics []Topic) string {
	var b strings.Builder
	fmt.Fprintf(&b, "terraform {\n  required_providers {\n    hdikafka = {\n      source = %q\n    }\n  }\n}\n\n", ProviderSource)
	b.WriteString("# Settings come from HDIKAFKA_* and ARM_* environment variables.\nprovider \"hdikafka\" {}\n")
	for _, t := range topics {
		fmt.Fprintf(&b, "\nresource \"hdikafka_topic\" %q {\n", t.ResourceName())
		fmt.Fprintf(&b, "  name               = %q\n", t.Name)
		if t.PartitionCount > 0 {
			fmt.Fprintf(&b, "  partition_count    = %d\n", t.PartitionCount)
		}
		if t.ReplicationFactor > 0 {
			fmt.Fprintf(&b, "  replication_factor = %d\n", t.ReplicationFactor)
		}
		if len(t.Properties) > 0 {
			keys := make([]string, 0, len(t.Properties))
			for k := range t.Properties {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			b.WriteString("  topic_properties = {\n")
			for _, k := range keys {
				fmt.Fprintf(&b, "    %q = %q\n", k, t.Properties[k])
			}
			b.WriteString("  }\n")
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// WriteConfig writes main.tf for topics into dir.
func WriteConfig(dir string, topics []Topic) error {
	p := filepath.Join(dir, "main.tf")
	if err := os.WriteFile(p, []byte(RenderConfig(topics)), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", p, err)
	}
	return nil
}
