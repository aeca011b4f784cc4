package kafkarest

// Broker is a Kafka broker endpoint as the proxy reports it (BrokerEndpoint).
type Broker struct {
	ID   int32   `json:"id"`
	Host string  `json:"hostName"`
	Port int32   `json:"port"`
	Rack *string `json:"rack,omitempty"`
}

// Partition is the metadata of one partition (PartitionMetadataResponse).
type Partition struct {
	ID             int32    `json:"partition_id"`
	EarliestOffset int64    `json:"earliest_offset"`
	LatestOffset   int64    `json:"latest_offset"`
	Leader         *Broker  `json:"leader"`
	Replicas       []Broker `json:"replicas"`
	ISR            []Broker `json:"isr"`
}

// TopicMetadata is the answer of GET /v1/metadata/topics/{topic}/partitions.
type TopicMetadata struct {
	Topic      string      `json:"topic"`
	Partitions []Partition `json:"partitions"`
}

// PartitionCount is the number of partitions of the topic.
func (t *TopicMetadata) PartitionCount() int {
	if t == nil {
		return 0
	}
	return len(t.Partitions)
}

// ReplicationFactor is the largest number of replicas over the topic's
// partitions (0 for a topic without partitions).
func (t *TopicMetadata) ReplicationFactor() int {
	if t == nil {
		return 0
	}
	rf := 0
	for _, p := range t.Partitions {
		rf = max(rf, len(p.Replicas))
	}
	return rf
}

// TopicSpec is what CreateTopic sends. Nil fields are omitted so that the
// cluster's defaults apply; properties are sent as JSON strings.
type TopicSpec struct {
	PartitionCount    *int32
	ReplicationFactor *int32
	Properties        map[string]string
}

// topicCreationRecord is the wire form of TopicSpec (TopicCreationRecord).
type topicCreationRecord struct {
	PartitionCount    *int32            `json:"partition_count,omitempty"`
	ReplicationFactor *int32            `json:"replication_factor,omitempty"`
	TopicProperties   map[string]string `json:"topic_properties,omitempty"`
}

type topicList struct {
	Topics []string `json:"topics"`
}

type brokerList struct {
	Brokers []Broker `json:"brokers"`
}
