package topicconfig

import (
	"errors"
	"math"
	"reflect"
	"testing"
)

func TestJavaTrim(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  gzip ", "gzip"},
		{"\t\n\r\x00\x1f x \x0b\x7f", "x \x0b\x7f"}, // DEL (0x7f) is above U+0020: kept
		{"\u00a0x", "\u00a0x"},                      // non-breaking space is not trimmed by Java
		{"   ", ""},
	}
	for _, tt := range tests {
		if got := javaTrim(tt.in); got != tt.want {
			t.Errorf("javaTrim(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitList(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"compact", []string{"compact"}},
		{"compact , delete", []string{"compact", "delete"}},
		{"compact,\tdelete", []string{"compact", "delete"}},
		{"a,,b", []string{"a", "", "b"}},
		{"a,", []string{"a", ""}},
		{",a", []string{"", "a"}},
		{"a , , b", []string{"a", "", "b"}},
		{"a,\x01b", []string{"a", "\x01b"}}, // \x01 is not in Java's \s
		{"a b,c", []string{"a b", "c"}},
	}
	for _, tt := range tests {
		if got := splitList(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitList(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseJavaInteger(t *testing.T) {
	tests := []struct {
		in      string
		bits    int
		want    int64
		wantErr bool
		rangeEr bool
	}{
		{"0", 32, 0, false, false},
		{"+5", 32, 5, false, false},
		{"-0", 32, 0, false, false},
		{"007", 32, 7, false, false},
		{"2147483647", 32, math.MaxInt32, false, false},
		{"-2147483648", 32, math.MinInt32, false, false},
		{"2147483648", 32, 0, true, true},
		{"9223372036854775807", 64, math.MaxInt64, false, false},
		{"-9223372036854775808", 64, math.MinInt64, false, false},
		{"9223372036854775808", 64, 0, true, true},
		{"", 64, 0, true, false},
		{"+", 64, 0, true, false},
		{"-", 64, 0, true, false},
		{"1_000", 64, 0, true, false},
		{"0x10", 64, 0, true, false},
		{"1.0", 64, 0, true, false},
		{"1e3", 64, 0, true, false},
		{"1h", 64, 0, true, false},
		{"++1", 64, 0, true, false},
		{"1 0", 64, 0, true, false},
		{"١٢", 64, 0, true, false}, // Arabic-Indic digits: Java accepts, we restrict to ASCII
	}
	for _, tt := range tests {
		got, err := parseJavaInteger(tt.in, tt.bits)
		if (err != nil) != tt.wantErr {
			t.Errorf("parseJavaInteger(%q, %d) error = %v, wantErr %v", tt.in, tt.bits, err, tt.wantErr)
			continue
		}
		if tt.rangeEr && !errors.Is(err, errIntRange) {
			t.Errorf("parseJavaInteger(%q, %d) error = %v, want range error", tt.in, tt.bits, err)
		}
		if err == nil && got != tt.want {
			t.Errorf("parseJavaInteger(%q, %d) = %d, want %d", tt.in, tt.bits, got, tt.want)
		}
	}
}

func TestParseJavaDouble(t *testing.T) {
	tests := []struct {
		in   string
		ok   bool
		want float64 // ignored when NaN is expected
		nan  bool
	}{
		{"0.5", true, 0.5, false},
		{".5", true, 0.5, false},
		{"5.", true, 5, false},
		{"5", true, 5, false},
		{"+0.5", true, 0.5, false},
		{"-0.5", true, -0.5, false},
		{"5e-1", true, 0.5, false},
		{"5E+1", true, 50, false},
		{"0.5d", true, 0.5, false},
		{"0.5F", true, 0.5, false},
		{"1e400", true, math.Inf(1), false},
		{"-1e400", true, math.Inf(-1), false},
		{"1e-400", true, 0, false},
		{"0x1.8p1", true, 3, false},
		{"0X.8P0d", true, 0.5, false},
		{"NaN", true, 0, true},
		{"-NaN", true, 0, true},
		{"Infinity", true, math.Inf(1), false},
		{"-Infinity", true, math.Inf(-1), false},
		{"", false, 0, false},
		{".", false, 0, false},
		{"e5", false, 0, false},
		{"5e", false, 0, false},
		{"5e+", false, 0, false},
		{"nan", false, 0, false},
		{"inf", false, 0, false},
		{"Inf", false, 0, false},
		{"NaNd", false, 0, false},
		{"0x1.8", false, 0, false}, // hex needs a binary exponent
		{"0x", false, 0, false},
		{"1_0", false, 0, false},
		{"0.5dd", false, 0, false},
		{"1,5", false, 0, false},
		{"d", false, 0, false},
	}
	for _, tt := range tests {
		got, ok := parseJavaDouble(tt.in)
		if ok != tt.ok {
			t.Errorf("parseJavaDouble(%q) ok = %v, want %v", tt.in, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		if tt.nan {
			if !math.IsNaN(got) {
				t.Errorf("parseJavaDouble(%q) = %v, want NaN", tt.in, got)
			}
		} else if got != tt.want {
			t.Errorf("parseJavaDouble(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseJavaBool(t *testing.T) {
	tests := []struct {
		in       string
		want, ok bool
	}{
		{"true", true, true},
		{"TRUE", true, true},
		{"False", false, true},
		{"fAlSe", false, true},
		{"yes", false, false},
		{"1", false, false},
		{"on", false, false},
		{"", false, false},
		{"truee", false, false},
	}
	for _, tt := range tests {
		got, ok := parseJavaBool(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("parseJavaBool(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestVersionPrefix(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2.4", "2.4"},
		{"2.4.1", "2.4"},
		{"2.4.anything", "2.4"},
		{"2.4-IV1", "2.4-IV1"},
		{"0.10.2.1", "0.10.2"},
		{"0.10.0-IV1", "0.10.0-IV1"},
		{"2.4.", "2.4"}, // Java split drops trailing empty segments
		{"2.", "2"},
		{"2..4", "2."},
		{".2.4", ".2"},
		{"", ""},
		{"...", ""},
	}
	for _, tt := range tests {
		if got := versionPrefix(tt.in); got != tt.want {
			t.Errorf("versionPrefix(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
