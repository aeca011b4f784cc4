package topicconfig

import (
	"reflect"
	"testing"
)

func TestLevenshtein(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"", "", 3, 0},
		{"abc", "abc", 3, 0},
		{"retention.msec", "retention.ms", 3, 2},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, 3}, // exceeds limit: limit+1
		{"a", "abcdef", 2, 3},
		{"", "abc", 5, 3},
	}
	for _, tt := range tests {
		if got := levenshtein(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("levenshtein(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	cands := []string{"max.message.bytes", "retention.bytes", "retention.ms", "segment.bytes", "segment.ms"}
	tests := []struct {
		key  string
		want []string
	}{
		{"retention.ms", []string{"retention.ms"}},
		{"RETENTION-MS", []string{"retention.ms"}},
		{"retention.m", []string{"retention.ms"}},
		{"retenton.ms", []string{"retention.ms"}},
		{"segment.msx", []string{"segment.ms"}},
		{"segment", []string{"segment.bytes", "segment.ms"}},
		{"max.message", []string{"max.message.bytes"}},
		{"zzz", nil},
		{"", nil},
		{"x", nil},
	}
	for _, tt := range tests {
		if got := closest(tt.key, cands); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("closest(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}
