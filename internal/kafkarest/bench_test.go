package kafkarest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func benchPartitionsJSON(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`{"partition_id":%d,"earliest_offset":0,"latest_offset":%d,`+
			`"leader":{"hostName":"wn0-kafka","port":9092,"id":1001,"rack":"0"},`+
			`"replicas":[{"hostName":"wn0-kafka","port":9092,"id":1001,"rack":"0"},{"hostName":"wn1-kafka","port":9092,"id":1002,"rack":"1"},{"hostName":"wn2-kafka","port":9092,"id":1003,"rack":"2"}],`+
			`"isr":[{"hostName":"wn0-kafka","port":9092,"id":1001,"rack":"0"},{"hostName":"wn1-kafka","port":9092,"id":1002,"rack":"1"}]}`, i, i*10)
	}
	return `{"topic":"orders","partitions":[` + strings.Join(parts, ",") + `]}`
}

// BenchmarkDecodeTopicMetadata measures decoding a 64-partition answer.
func BenchmarkDecodeTopicMetadata(b *testing.B) {
	body := []byte(benchPartitionsJSON(64))
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var md TopicMetadata
		if err := json.Unmarshal(body, &md); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetTopic measures a whole GetTopic round trip against httptest.
func BenchmarkGetTopic(b *testing.B) {
	srv := newScriptServer(b)
	srv.on("/v1/metadata/topics/orders/partitions", jsonReply(200, benchPartitionsJSON(12)))
	c, err := New(Config{Endpoint: srv.URL, Tokens: &countingTokens{}})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.GetTopic(ctx, "orders"); err != nil {
			b.Fatal(err)
		}
	}
}
