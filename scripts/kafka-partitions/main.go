// Command kafka-partitions raises a topic's partition count directly on a Kafka cluster, as
// `kafka-topics.sh --alter --topic NAME --partitions N` would inside an HDInsight cluster's network:
// a change made behind the REST proxy. scripts/docs-blocks.sh uses it against hdikafka-emulator's
// embedded cluster to show what the drift guide's scheduled check reports.
//
// Usage: go run ./scripts/kafka-partitions BROKERS TOPIC TOTAL
//
// BROKERS is a comma-separated host:port list (EMULATOR_KAFKA_BROKERS of scripts/emulator-ci.sh),
// TOTAL the new partition count (it must exceed the current one: Kafka cannot remove partitions).
// Exit status 0 on success, 1 when Kafka refuses, 2 for bad arguments.
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: kafka-partitions BROKERS TOPIC TOTAL (BROKERS: host:port[,host:port...])")
		os.Exit(2)
	}
	brokers, topic := strings.Split(os.Args[1], ","), os.Args[2]
	total, err := strconv.Atoi(os.Args[3])
	if err != nil || total < 1 {
		fmt.Fprintf(os.Stderr, "kafka-partitions: TOTAL must be a positive whole number, got %q\n", os.Args[3])
		os.Exit(2)
	}
	if err := raise(brokers, topic, total); err != nil {
		fmt.Fprintln(os.Stderr, "kafka-partitions:", err)
		os.Exit(1)
	}
	fmt.Printf("kafka-partitions: topic %q now has %d partitions\n", topic, total)
}

// raise sets topic to total partitions with one CreatePartitions request, bounded by 30 s.
func raise(brokers []string, topic string, total int) error {
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...))
	if err != nil {
		return fmt.Errorf("connecting to %v: %w", brokers, err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resps, err := kadm.NewClient(cl).UpdatePartitions(ctx, total, topic)
	if err == nil {
		err = resps.Error()
	}
	if err != nil {
		return fmt.Errorf("setting topic %q to %d partitions: %w", topic, total, err)
	}
	return nil
}
