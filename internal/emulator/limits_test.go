package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
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

// TestConsumeCapCountsEncodedBytes: the 6 MB cap applies to the JSON body as
// sent, so values that grow when encoded (quotes and control characters are
// escaped) yield fewer records per response, every body stays within 6 MB
// (unless one record alone is larger: one record is always returned), and
// NextOffset continues without gaps. '<' is not HTML-escaped.
func TestConsumeCapCountsEncodedBytes(t *testing.T) {
	e := newTestEnv(t, nil)
	const records, size = 7, 900 << 10
	tests := []struct {
		name        string
		char        string
		perResponse int // records per full response
	}{
		{"angle brackets stay one byte", "<", 6},
		{"quotes take two bytes", `"`, 3},
		{"control characters take six bytes", "\x01", 1},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			topic := fmt.Sprintf("enc%d", i)
			e.createTopic(topic, map[string]any{"topic_properties": map[string]any{"max.message.bytes": 2 << 20}})
			value := strings.Repeat(tc.char, size)
			for j := range records {
				r := e.do(http.MethodPost, "/v1/producer/topics/"+topic, map[string]any{"records": []any{map[string]any{"value": value, "partition": 0}}})
				e.mustStatus(r, http.StatusOK, fmt.Sprintf("produce %d", j))
			}
			offset := int64(0)
			for offset < records {
				path := fmt.Sprintf("/v1/consumer/topics/%s/partitions/0/offsets/%d?count=100", topic, offset)
				r := e.do(http.MethodGet, path, nil)
				e.mustStatus(r, http.StatusOK, "consume "+path)
				if len(r.body) > maxConsumeBytes {
					t.Errorf("offset %d: body of %d bytes exceeds the 6 MB cap", offset, len(r.body))
				}
				var b consumeBody
				if err := json.Unmarshal(r.body, &b); err != nil {
					t.Fatalf("offset %d: %v", offset, err)
				}
				want := min(tc.perResponse, records-int(offset))
				if len(b.Records) != want {
					t.Errorf("offset %d: %d records, want %d", offset, len(b.Records), want)
				}
				if len(b.Records) == 0 {
					t.Fatalf("offset %d: no records before the end", offset)
				}
				for k, rec := range b.Records {
					if rec.Offset != offset+int64(k) || rec.Value != value {
						t.Fatalf("offset %d: record %d has offset %d and a value of %d bytes", offset, k, rec.Offset, len(rec.Value))
					}
				}
				next, err := strconv.ParseInt(r.header.Get("NextOffset"), 10, 64)
				if err != nil || next != offset+int64(len(b.Records)) {
					t.Fatalf("offset %d: NextOffset %q, want %d", offset, r.header.Get("NextOffset"), offset+int64(len(b.Records)))
				}
				offset = next
			}
		})
	}
}
