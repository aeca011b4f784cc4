package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestConsumeSizeCapAndLargeRecords checks the 6 MB consume cap, that many
// small records in one request are fine, and that one record above the
// topic's max.message.bytes is a 400.
func TestConsumeSizeCapAndLargeRecords(t *testing.T) {
	e := newTestEnv(t, nil)
	e.createTopic("big", map[string]any{"topic_properties": map[string]any{"max.message.bytes": 2 << 20}})
	value := strings.Repeat("v", 900<<10)
	for i := range 8 {
		body := fmt.Sprintf(`{"records":[{"value":%q,"partition":0}]}`, value)
		e.mustStatus(e.do(http.MethodPost, "/v1/producer/topics/big", body), http.StatusOK, fmt.Sprintf("produce %d", i))
	}
	b, next := e.consume("big", 0, 0, 100)
	if len(b.Records) != 6 || next != 6 {
		t.Errorf("consume of 8 x 900 KiB: %d records, NextOffset %d; want 6 (6 MB cap) and 6", len(b.Records), next)
	}
	if b, next = e.consume("big", 0, 6, 100); len(b.Records) != 2 || next != 8 {
		t.Errorf("second consume: %d records, NextOffset %d; want 2 and 8", len(b.Records), next)
	}

	e.createTopic("small", nil)
	var sb strings.Builder
	sb.WriteString(`{"records":[`)
	for i := range 3000 {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"value":"%s"}`, strings.Repeat("s", 1000))
	}
	sb.WriteString(`]}`)
	e.mustStatus(e.do(http.MethodPost, "/v1/producer/topics/small", sb.String()), http.StatusOK, "3000 records of 1 KB")
	b, _ = e.consume("small", 0, 0, 5000)
	if len(b.Records) != 3000 {
		t.Errorf("consumed %d of 3000 small records", len(b.Records))
	}

	tooBig := fmt.Sprintf(`{"records":[{"value":%q}]}`, strings.Repeat("x", 3<<20))
	checkErrorBody(t, e.do(http.MethodPost, "/v1/producer/topics/small", tooBig), http.StatusBadRequest, "too large")
}
