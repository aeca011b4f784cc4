package topicconfig

import (
	"strings"
	"testing"
)

func TestParseDurationMs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0ms", "0"},
		{"1ms", "1"},
		{"500ms", "500"},
		{"1s", "1000"},
		{"90s", "90000"},
		{"1m", "60000"},
		{"1h", "3600000"},
		{"1d", "86400000"},
		{"7d", "604800000"},
		{"1w", "604800000"},
		{"2w", "1209600000"},
		{"1h30m", "5400000"},
		{"1w2d3h4m5s6ms", "788645006"},
		{"1d12h", "129600000"},
		{"1.5h", "5400000"},
		{"0.5s", "500"},
		{"1.25s", "1250"},
		{"0.001s", "1"},
		{"1.5d", "129600000"},
		{"007d", "604800000"},
		{"365d", "31536000000"},
		{"-1", "-1"},
		{"infinite", "-1"},
		{"9223372036854775807ms", "9223372036854775807"},
		{"15250284452w", "9223372036569600000"}, // the largest whole number of weeks in a LONG
	}
	for _, tt := range tests {
		got, err := ParseDurationMs(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDurationMs(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDurationMsErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "empty value"},
		{"7", `number 7 has no unit`},
		{"604800000", `number 604800000 has no unit`},
		{"7x", `unknown unit "x"`},
		{"7D", `unknown unit "D" (units are case-sensitive: did you mean "d"?)`},
		{"1H", `did you mean "h"?`},
		{"1MS", `did you mean "ms"?`},
		{"1M", `"m" is minutes and there is no month unit`},
		{"7days", `unknown unit "days"`},
		{"1y", `unknown unit "y"`},
		{" 7d", "spaces are not accepted"},
		{"7d ", "spaces are not accepted"},
		{"1h 30m", "spaces are not accepted"},
		{"7 d", "spaces are not accepted"},
		{"30m1h", `unit "h" comes after a smaller or equal unit`},
		{"1h1h", `unit "h" comes after a smaller or equal unit`},
		{"1h30", `number 30 has no unit`},
		{"-5m", "a sign is not accepted"},
		{"+5m", "a sign is not accepted"},
		{"-1d", "a sign is not accepted"},
		{".5h", `expected a number at ".5h"`},
		{"5.h", `number "5." needs digits after the decimal point`},
		{"h", `expected a number at "h"`},
		{"1e3ms", `unknown unit "e"`},
		{"Infinite", `expected a number at "Infinite"`},
		{"0.5ms", `duration "0.5ms" is 0.5 ms, not a whole number of milliseconds`},
		{"0.0001s", `is 0.1 ms, not a whole number of milliseconds`},
		{"9223372036854775808ms", `is 9223372036854775808 ms, above Kafka's LONG maximum 9223372036854775807 ms`},
		{"15250284453w", `above Kafka's LONG maximum`},
		{"99999999999999999999999999d", `above Kafka's LONG maximum`},
	}
	for _, tt := range tests {
		got, err := ParseDurationMs(tt.in)
		if err == nil {
			t.Errorf("ParseDurationMs(%q) = %q, want an error containing %q", tt.in, got, tt.want)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, tt.want) {
			t.Errorf("ParseDurationMs(%q) error = %q, want it to contain %q", tt.in, msg, tt.want)
		}
		if !strings.Contains(msg, quoteValue(tt.in)) {
			t.Errorf("ParseDurationMs(%q) error %q does not name the value", tt.in, msg)
		}
		// Every error but the overflow one lists the accepted forms.
		if !strings.Contains(msg, "LONG maximum") && !strings.Contains(msg, "accepted: "+DurationForms) {
			t.Errorf("ParseDurationMs(%q) error %q does not list the accepted forms", tt.in, msg)
		}
	}
}

func TestParseSizeBytes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0B", "0"},
		{"1B", "1"},
		{"1024B", "1024"},
		{"1KiB", "1024"},
		{"1MiB", "1048576"},
		{"1GiB", "1073741824"},
		{"1TiB", "1099511627776"},
		{"1KB", "1000"},
		{"1kB", "1000"},
		{"1MB", "1000000"},
		{"500MB", "500000000"},
		{"1GB", "1000000000"},
		{"1TB", "1000000000000"},
		{"1.5GiB", "1610612736"},
		{"0.5KiB", "512"},
		{"0.001KB", "1"},
		{"2.5MB", "2500000"},
		{"1.000B", "1"},
		{"2047MiB", "2146435072"},
		{"8388607TiB", "9223370937343148032"},
		{"9223372036854775807B", "9223372036854775807"},
		{"-1", "-1"},
		{"infinite", "-1"},
	}
	for _, tt := range tests {
		got, err := ParseSizeBytes(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseSizeBytes(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestParseSizeBytesErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "empty value"},
		{"1024", "number 1024 has no unit"},
		{"1.5B", `size "1.5B" is 1.5 bytes, not a whole number of bytes`},
		{"0.1KiB", `is 102.4 bytes, not a whole number of bytes`},
		{"1.0000001KB", `not a whole number of bytes`},
		{"1gib", `unknown unit "gib" (units are case-sensitive: did you mean "GiB"?)`},
		{"1GIB", `did you mean "GiB"?`},
		{"1mb", `did you mean "MB"?`},
		{"1Gi", `unknown unit "Gi"`},
		{"1G", `unknown unit "G"`},
		{"1PiB", `unknown unit "PiB"`},
		{"1 GiB", "spaces are not accepted"},
		{"1GiB ", "spaces are not accepted"},
		{"1GiB512MiB", `unknown unit "GiB512MiB"`},
		{"-1GiB", "a sign is not accepted"},
		{".5GiB", `expected a number at ".5GiB"`},
		{"1,5GiB", `unknown unit ",5GiB"`},
		{"GiB", `expected a number at "GiB"`},
		{"8388608TiB", `is 9223372036854775808 bytes, above Kafka's LONG maximum 9223372036854775807 bytes`},
		{"9223372036854775808B", `above Kafka's LONG maximum`},
	}
	for _, tt := range tests {
		got, err := ParseSizeBytes(tt.in)
		if err == nil {
			t.Errorf("ParseSizeBytes(%q) = %q, want an error containing %q", tt.in, got, tt.want)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, tt.want) {
			t.Errorf("ParseSizeBytes(%q) error = %q, want it to contain %q", tt.in, msg, tt.want)
		}
		if !strings.Contains(msg, quoteValue(tt.in)) {
			t.Errorf("ParseSizeBytes(%q) error %q does not name the value", tt.in, msg)
		}
		if !strings.Contains(msg, "LONG maximum") && !strings.Contains(msg, "accepted: "+SizeForms) {
			t.Errorf("ParseSizeBytes(%q) error %q does not list the accepted forms", tt.in, msg)
		}
	}
}

// TestUnitResultsAcceptedByCatalogue: the functions' results are exactly what the catalogue accepts
// for the keys people use them with, on every supported Kafka version, and INT keys refuse sizes
// above 2147483647 with a message that says why.
func TestUnitResultsAcceptedByCatalogue(t *testing.T) {
	for _, version := range SupportedVersions() {
		c := mustCatalogue(t, version)
		accepted := []struct {
			key   string
			parse func(string) (string, error)
			in    string
		}{
			{"retention.ms", ParseDurationMs, "7d"},
			{"retention.ms", ParseDurationMs, "infinite"},
			{"retention.ms", ParseDurationMs, "-1"},
			{"retention.ms", ParseDurationMs, "1h30m"},
			{"segment.ms", ParseDurationMs, "1d"},
			{"delete.retention.ms", ParseDurationMs, "1d"},
			{"min.compaction.lag.ms", ParseDurationMs, "0ms"},
			{"retention.ms", ParseDurationMs, "9223372036854775807ms"},
			{"retention.bytes", ParseSizeBytes, "10GiB"},
			{"retention.bytes", ParseSizeBytes, "infinite"},
			{"retention.bytes", ParseSizeBytes, "1TB"},
			{"segment.bytes", ParseSizeBytes, "1GiB"},
			{"segment.bytes", ParseSizeBytes, "2047MiB"},
			{"max.message.bytes", ParseSizeBytes, "1MiB"},
			{"max.message.bytes", ParseSizeBytes, "1.5MiB"},
		}
		for _, tt := range accepted {
			v, err := tt.parse(tt.in)
			if err != nil {
				t.Fatalf("%q: %v", tt.in, err)
			}
			if err := c.ValidateValue(tt.key, v); err != nil {
				t.Errorf("Kafka %s: %s = %q (from %q) refused: %v", version, tt.key, v, tt.in, err)
			}
		}
		for _, tt := range []struct{ key, in string }{
			{"max.message.bytes", "2GiB"},
			{"segment.bytes", "4GB"},
		} {
			v, err := ParseSizeBytes(tt.in)
			if err != nil {
				t.Fatalf("%q: %v", tt.in, err)
			}
			err = c.ValidateValue(tt.key, v)
			want := `topic property "` + tt.key + `": value "` + v + `" is out of range for a INT (a 32-bit integer from -2147483648 to 2147483647); ` +
				tt.key + ` is an INT: at most 2147483647 bytes (2 GiB - 1 byte), so a size such as 1GiB (1073741824) fits and 2GiB does not`
			if err == nil || err.Error() != want {
				t.Errorf("Kafka %s: %s = %q (from %q): got %v\nwant %s", version, tt.key, v, tt.in, err, want)
			}
		}
		// Sizes are not durations: the catalogue's own ranges still apply (segment.bytes at least 14).
		v, _ := ParseSizeBytes("1B")
		if err := c.ValidateValue("segment.bytes", v); err == nil {
			t.Errorf("Kafka %s: segment.bytes = %q accepted, want the range error", version, v)
		}
	}
}

func FuzzParseUnits(f *testing.F) {
	for _, s := range []string{"7d", "1h30m", "1.5GiB", "infinite", "-1", "0.5ms", "1 h", "9223372036854775808ms"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, parse := range []func(string) (string, error){ParseDurationMs, ParseSizeBytes} {
			v, err := parse(s)
			if err != nil {
				if v != "" {
					t.Fatalf("%q: value %q with error %v", s, v, err)
				}
				continue
			}
			if _, err := parseJavaInteger(v, 64); err != nil {
				t.Fatalf("%q gave %q, which is not a LONG: %v", s, v, err)
			}
		}
	})
}
