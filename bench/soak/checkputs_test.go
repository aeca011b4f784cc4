package soak

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hdikafka/terraform-provider-hdikafka/bench/internal/tfbench"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator"
)

// TestCheckPuts shows that the soak's "no topic is created twice" check can
// fail: a re-PUT without a fault before it is reported.
func TestCheckPuts(t *testing.T) {
	put := func(seq int64, topic string, status int) tfbench.Event {
		return tfbench.Event{Seq: seq, Route: emulator.RouteCreateTopic, Method: http.MethodPut, Path: "/v1/topics/" + topic, Topic: topic, Status: status}
	}
	tests := []struct {
		name     string
		events   []tfbench.Event
		boundary int64
		problem  string // "" = none
		rePuts   int
	}{
		{"one PUT each", []tfbench.Event{put(1, "a", 200), put(2, "b", 200)}, -1, "", 0},
		{"retry after 503", []tfbench.Event{put(1, "a", 503), put(2, "a", 200)}, -1, "", 1},
		{"retry after reset, 429 and create-then-fail", []tfbench.Event{put(1, "a", -1), put(2, "a", 429), put(3, "a", 500), put(4, "a", 400)}, -1, "", 3},
		{"re-PUT after success", []tfbench.Event{put(1, "a", 200), put(2, "a", 400)}, -1, "re-create without cause", 1},
		{"re-PUT after 400", []tfbench.Event{put(1, "a", 503), put(2, "a", 400), put(3, "a", 400)}, -1, "re-create without cause", 2},
		{"first PUT answered 400", []tfbench.Event{put(1, "a", 400)}, -1, "existed before", 0},
		{"re-PUT in the next run after an interrupted one", []tfbench.Event{put(1, "a", 200), put(2, "a", 400)}, 1, "", 1},
		{"other routes ignored", []tfbench.Event{put(1, "a", 200), {Seq: 2, Route: emulator.RouteTopicPartitions, Method: http.MethodGet, Topic: "a", Status: 200}}, -1, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := checkPuts(tc.events, tc.boundary)
			got := strings.Join(st.problems, "; ")
			if tc.problem == "" && got != "" || tc.problem != "" && !strings.Contains(got, tc.problem) {
				t.Errorf("problems %q, want %q", got, tc.problem)
			}
			if st.rePuts != tc.rePuts {
				t.Errorf("re-PUTs = %d, want %d", st.rePuts, tc.rePuts)
			}
		})
	}
}
