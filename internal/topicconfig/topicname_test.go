package topicconfig

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateTopicName(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr string
	}{
		{"simple", "orders", ""},
		{"all classes", "Orders-2024_v1.events", ""},
		{"internal style", "__consumer_offsets", ""},
		{"single char", "a", ""},
		{"dot in name", "a.b", ""},
		{"three dots", "...", ""},
		{"max length", strings.Repeat("a", 249), ""},
		{"empty", "", "must not be empty"},
		{"dot", ".", `must not be "." or ".."`},
		{"dotdot", "..", `must not be "." or ".."`},
		{"too long", strings.Repeat("a", 250), "is 250 characters long; the maximum is 249"},
		{"space", "my topic", `contains ' ' at byte 2; only ASCII letters, digits, '.', '_' and '-' are allowed`},
		{"slash", "a/b", `contains '/'`},
		{"colon", "a:b", `contains ':'`},
		{"plus", "a+b", `contains '+'`},
		{"unicode", "tópico", `contains 'ó' at byte 1`},
		{"invalid utf8", "a\xffb", "contains the byte 0xff (not valid UTF-8) at byte 1"},
		{"control", "a\nb", `contains '\n'`},
		{"trailing space", "orders ", `contains ' ' at byte 6`},
		// Java counts UTF-16 units: 200 two-byte characters are 200 long, so
		// the character rule (not the length rule) reports them, as in Kafka.
		{"long non-ascii", strings.Repeat("é", 200), "contains 'é' at byte 0"},
		{"too long non-ascii", strings.Repeat("é", 250), "is 250 characters long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateTopicName(tt.in)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("ValidateTopicName(%q) = %v, want nil", tt.in, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ValidateTopicName(%q) = nil, want error containing %q", tt.in, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "invalid topic name ") {
				t.Errorf("ValidateTopicName(%q) = %q, want it to contain %q", tt.in, err, tt.wantErr)
			}
			var te *Error
			if !errors.As(err, &te) || te.Kind != KindInvalidTopicName || te.Value != tt.in {
				t.Errorf("error = %#v, want *Error of kind KindInvalidTopicName with the name", err)
			}
		})
	}
}

func TestTopicNamesCollide(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"a.b", "a_b", true},
		{"a_b", "a.b", true},
		{"a.b", "a.b", false},
		{"a.b", "a-b", false},
		{"x.y_z", "x_y.z", true},
	}
	for _, tt := range tests {
		if got := TopicNamesCollide(tt.a, tt.b); got != tt.want {
			t.Errorf("TopicNamesCollide(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
