package tfbench

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/twmb/franz-go/pkg/kadm"
)

// CheckBackend reads every topic straight from the Kafka backend (fresh
// metadata, not kgo's cache) and returns one problem per topic that is
// missing or differs from its configuration (partitions, replication factor,
// topic properties).
func CheckBackend(ctx context.Context, adm *kadm.Client, topics []Topic) ([]string, error) {
	names := make([]string, len(topics))
	for i, t := range topics {
		names[i] = t.Name
	}
	// WithAuthorizedOps makes kadm send a direct metadata request instead of
	// answering from the client's metadata cache, which may be seconds stale.
	md, err := adm.Metadata(kadm.WithAuthorizedOps(ctx), names...)
	if err != nil {
		return nil, fmt.Errorf("reading topic metadata from the backend: %w", err)
	}
	cfgs, err := adm.DescribeTopicConfigs(ctx, names...)
	if err != nil {
		return nil, fmt.Errorf("reading topic configs from the backend: %w", err)
	}
	var problems []string
	for _, t := range topics {
		d, ok := md.Topics[t.Name]
		if !ok || d.Err != nil {
			problems = append(problems, fmt.Sprintf("topic %q is missing from the backend (%v)", t.Name, d.Err))
			continue
		}
		if t.PartitionCount > 0 && len(d.Partitions) != t.PartitionCount {
			problems = append(problems, fmt.Sprintf("topic %q has %d partitions, configured %d", t.Name, len(d.Partitions), t.PartitionCount))
		}
		rf := 0
		for _, p := range d.Partitions {
			rf = max(rf, len(p.Replicas))
		}
		if t.ReplicationFactor > 0 && rf != t.ReplicationFactor {
			problems = append(problems, fmt.Sprintf("topic %q has replication factor %d, configured %d", t.Name, rf, t.ReplicationFactor))
		}
		if len(t.Properties) == 0 {
			continue
		}
		rc, err := cfgs.On(t.Name, nil)
		if err != nil || rc.Err != nil {
			problems = append(problems, fmt.Sprintf("topic %q: configs unreadable: %v %v", t.Name, err, rc.Err))
			continue
		}
		got := map[string]string{}
		for _, c := range rc.Configs {
			if c.Value != nil {
				got[c.Key] = *c.Value
			}
		}
		var diffs []string
		for k, want := range t.Properties {
			if got[k] != want {
				diffs = append(diffs, fmt.Sprintf("%s=%q (configured %q)", k, got[k], want))
			}
		}
		sort.Strings(diffs)
		if len(diffs) > 0 {
			problems = append(problems, fmt.Sprintf("topic %q has %s", t.Name, strings.Join(diffs, ", ")))
		}
	}
	return problems, nil
}
