package provider

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestDataSourceFilterTopicNames(t *testing.T) {
	all := []string{"orders", "__consumer_offsets", "payments.v1", "_single", "audit", "orders", "__internal-x"}
	tests := []struct {
		name            string
		regex           string
		includeInternal bool
		want            []string
	}{
		{"default hides __ topics", "", false, []string{"_single", "audit", "orders", "payments.v1"}},
		{"include internal", "", true, []string{"__consumer_offsets", "__internal-x", "_single", "audit", "orders", "payments.v1"}},
		{"unanchored regex", "ay", false, []string{"payments.v1"}},
		{"anchored regex", "^orders$", false, []string{"orders"}},
		{"regex matching internal but hidden", "^__", false, []string{}},
		{"regex matching internal shown", "^__", true, []string{"__consumer_offsets", "__internal-x"}},
		{"no match", "^nothing$", true, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var re *regexp.Regexp
			if tt.regex != "" {
				re = regexp.MustCompile(tt.regex)
			}
			got := dataSourceFilterTopicNames(all, re, tt.includeInternal)
			if got == nil || !slices.Equal(got, tt.want) {
				t.Errorf("names = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestDataSourceCompileNameRegex(t *testing.T) {
	tests := []struct {
		expr    string
		wantErr []string
	}{
		{"^orders-[0-9]+$", nil},
		{"", nil},
		{"orders[", []string{"name_regex", `"orders["`, "missing closing ]"}},
		{"(?<", []string{"name_regex", "invalid"}},
		{"a**", []string{"name_regex", "invalid nested repetition"}},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			_, err := dataSourceCompileNameRegex(tt.expr)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error for an invalid expression")
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}
