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
