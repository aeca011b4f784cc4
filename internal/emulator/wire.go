package emulator

// Wire types of the v1 API, with the exact (mixed-case) field names.

type wireBroker struct {
	ID   int32   `json:"id"`
	Host string  `json:"hostName"`
	Port int32   `json:"port"`
	Rack *string `json:"rack,omitempty"`
}

type wirePartition struct {
	ID             int32        `json:"partition_id"`
	EarliestOffset int64        `json:"earliest_offset"`
	LatestOffset   int64        `json:"latest_offset"`
	Leader         *wireBroker  `json:"leader"`
	Replicas       []wireBroker `json:"replicas"`
	ISR            []wireBroker `json:"isr"`
}

type wireTopicMetadata struct {
	Topic      string          `json:"topic"`
	Partitions []wirePartition `json:"partitions"`
}

type wireTopicList struct {
	Topics []string `json:"topics"`
}

type wireBrokerList struct {
	Brokers []wireBroker `json:"brokers"`
}

type wireConsumeRecord struct {
	Key           string `json:"key"`
	Value         string `json:"value"`
	Partition     int32  `json:"partition"`
	Offset        int64  `json:"offset"`
	Timestamp     int64  `json:"timestamp"`
	TimestampType string `json:"timestampType"`
}

type wireConsumeResponse struct {
	Records []wireConsumeRecord `json:"records"`
}

// consumeEnvelopeBytes is the size of a consume body without records:
// {"records":[]} and the trailing newline.
const consumeEnvelopeBytes = len(`{"records":[]}` + "\n")

func toWireConsumeRecord(c consumed) wireConsumeRecord {
	tt := "CreateTime"
	if c.LogAppendTime {
		tt = "LogAppendTime"
	}
	return wireConsumeRecord{
		Key: string(c.Key), Value: string(c.Value), Partition: c.Partition,
		Offset: c.Offset, Timestamp: c.Timestamp, TimestampType: tt,
	}
}

// encodedRecordSize is the number of bytes c takes in a consume body: its JSON
// as writeJSON encodes it (escaped quotes, control characters and invalid UTF-8
// included) plus one separating comma.
func encodedRecordSize(c consumed) int {
	b, err := encodeJSON(toWireConsumeRecord(c))
	if err != nil {
		return maxConsumeBytes + 1 // cannot happen for strings and numbers; never fits
	}
	return len(b) - 1 + 1 // minus encodeJSON's newline, plus the comma
}

func toWireBroker(b brokerMeta) wireBroker {
	return wireBroker(b)
}

func toWireBrokers(meta *clusterMeta, ids []int32) []wireBroker {
	out := make([]wireBroker, 0, len(ids))
	for _, id := range ids {
		out = append(out, toWireBroker(meta.broker(id)))
	}
	return out
}

func toWirePartition(meta *clusterMeta, p partitionMeta, r offsetRange) wirePartition {
	wp := wirePartition{
		ID:             p.ID,
		EarliestOffset: r.Earliest,
		LatestOffset:   r.Latest,
		Replicas:       toWireBrokers(meta, p.Replicas),
		ISR:            toWireBrokers(meta, p.ISR),
	}
	if p.Leader >= 0 {
		l := toWireBroker(meta.broker(p.Leader))
		wp.Leader = &l
	}
	return wp
}
