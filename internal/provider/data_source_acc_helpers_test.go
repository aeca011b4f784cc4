package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/twmb/franz-go/pkg/kgo"
)

// dsNonEmpty matches a non-empty string.
var dsNonEmpty = regexp.MustCompile(`.`)

// dsPositive accepts a number above zero.
func dsPositive(n int64) error {
	if n <= 0 {
		return fmt.Errorf("got %d, want a positive number", n)
	}
	return nil
}

// dsStrings checks a list of exactly these strings, in this order.
func dsStrings(ss ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, 0, len(ss))
	for _, s := range ss {
		checks = append(checks, knownvalue.StringExact(s))
	}
	return knownvalue.ListExact(checks)
}

// dsBackendTopic creates a topic directly in the emulator's Kafka backend,
// out of band like kafka-topics.sh.
func dsBackendTopic(t *testing.T, env *testEnv, name string, partitions int32, rf int16) {
	t.Helper()
	if err := env.Emu.Backend().CreateTopic(context.Background(), name, partitions, rf, nil); err != nil {
		t.Fatalf("creating topic %q in the backend: %v", name, err)
	}
}

// dsProduce writes n records to one partition of a topic through the
// emulator's backend.
func dsProduce(t *testing.T, env *testEnv, topic string, partition int32, n int) {
	t.Helper()
	records := make([]*kgo.Record, 0, n)
	for i := range n {
		records = append(records, &kgo.Record{Partition: partition, Value: fmt.Appendf(nil, "record-%d", i)})
	}
	if err := env.Emu.Backend().Produce(context.Background(), topic, records...); err != nil {
		t.Fatalf("producing %d record(s) to %s/%d: %v", n, topic, partition, err)
	}
}
