package topicconfig

import (
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestForVersion(t *testing.T) {
	tests := []struct {
		in, version string
		wantErr     bool
	}{
		{"3.2", "3.2", false},
		{"3.2.0", "3.2", false},
		{"", "3.2", false},
		{" 2.4 ", "2.4", false},
		{"2.4", "2.4", false},
		{"2.4.1", "2.4", false},
		{"2.4.0", "", true},
		{"3.9", "", true},
		{"5.1", "", true},
		{"latest", "", true},
	}
	for _, tt := range tests {
		c, err := ForVersion(tt.in)
		if tt.wantErr {
			if err == nil {
				t.Errorf("ForVersion(%q) = %v, want error", tt.in, c.Version())
			} else if !strings.Contains(err.Error(), `"2.4" (Kafka 2.4.1, HDInsight 4.0) and "3.2" (Kafka 3.2.0, HDInsight 5.1)`) {
				t.Errorf("ForVersion(%q) error %q does not list the supported versions", tt.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ForVersion(%q): %v", tt.in, err)
			continue
		}
		if c.Version() != tt.version {
			t.Errorf("ForVersion(%q) = %s, want %s", tt.in, c.Version(), tt.version)
		}
	}
}

func TestForVersionBuildsOnce(t *testing.T) {
	a := mustCatalogue(t, "3.2")
	b := mustCatalogue(t, "3.2.0")
	if a != b {
		t.Error("ForVersion returned different catalogues for the same version; want one shared instance")
	}
	if mustCatalogue(t, "2.4") == a {
		t.Error("2.4 and 3.2 share a catalogue")
	}
}

func TestSupportedVersions(t *testing.T) {
	got := SupportedVersions()
	if !reflect.DeepEqual(got, []string{"2.4", "3.2"}) {
		t.Errorf("SupportedVersions() = %v", got)
	}
	got[0] = "x"
	if SupportedVersions()[0] != "2.4" {
		t.Error("SupportedVersions exposes internal state")
	}
}

func TestKeys(t *testing.T) {
	only32 := []string{"local.retention.bytes", "local.retention.ms", "remote.storage.enable"}
	never := []string{"compression.gzip.level", "compression.lz4.level", "compression.zstd.level",
		"message.timestamp.after.max.ms", "message.timestamp.before.max.ms",
		"remote.log.copy.disable", "remote.log.delete.on.disable"}
	tests := []struct {
		version string
		count   int
		has     []string
		hasNot  []string
	}{
		{"2.4", 26, []string{"cleanup.policy", "message.format.version", "retention.ms"}, append(append([]string{}, only32...), never...)},
		{"3.2", 29, append([]string{"cleanup.policy", "message.timestamp.difference.max.ms"}, only32...), never},
	}
	for _, tt := range tests {
		c := mustCatalogue(t, tt.version)
		keys := c.Keys()
		if len(keys) != tt.count {
			t.Errorf("%s: %d keys, want %d: %v", tt.version, len(keys), tt.count, keys)
		}
		if !sort.StringsAreSorted(keys) {
			t.Errorf("%s: keys not sorted", tt.version)
		}
		set := map[string]bool{}
		for _, k := range keys {
			set[k] = true
		}
		for _, k := range tt.has {
			if !set[k] {
				t.Errorf("%s: missing key %q", tt.version, k)
			}
		}
		for _, k := range tt.hasNot {
			if set[k] {
				t.Errorf("%s: unexpected key %q", tt.version, k)
			}
			if _, ok := c.Lookup(k); ok {
				t.Errorf("%s: Lookup(%q) succeeded", tt.version, k)
			}
		}
		keys[0] = "mutated"
		if c.Keys()[0] == "mutated" {
			t.Errorf("%s: Keys exposes internal state", tt.version)
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		version, key, typ, def string
		internal               bool
		validContains          string
	}{
		{"2.4", "max.message.bytes", "int", "1000012", false, "at least 0"},
		{"3.2", "max.message.bytes", "int", "1048588", false, "at least 0"},
		{"2.4", "message.format.version", "string", "2.4-IV1", false, "2.4-IV1"},
		{"3.2", "message.format.version", "string", "3.0-IV1", false, "3.2-IV0"},
		{"3.2", "remote.storage.enable", "boolean", "false", true, "true or false"},
		{"3.2", "leader.replication.throttled.replicas", "list", "", false, `"*" alone`},
		{"2.4", "leader.replication.throttled.replicas", "list", "", false, `"*" as the first element`},
		{"3.2", "min.cleanable.dirty.ratio", "double", "0.5", false, "between 0 and 1"},
		{"3.2", "cleanup.policy", "list", "delete", false, "compact, delete"},
		{"2.4", "flush.messages", "long", "9223372036854775807", false, "at least 0"},
		{"3.2", "segment.index.bytes", "int", "10485760", false, "at least 0"},
	}
	for _, tt := range tests {
		c := mustCatalogue(t, tt.version)
		e, ok := c.Lookup(tt.key)
		if !ok {
			t.Errorf("%s: Lookup(%q) not found", tt.version, tt.key)
			continue
		}
		if e.Name != tt.key || e.Type != tt.typ || e.Default != tt.def || e.Internal != tt.internal || e.Description == "" {
			t.Errorf("%s: Lookup(%q) = %+v", tt.version, tt.key, e)
		}
		if !strings.Contains(e.ValidValues, tt.validContains) {
			t.Errorf("%s: %s ValidValues = %q, want it to contain %q", tt.version, tt.key, e.ValidValues, tt.validContains)
		}
	}
	c := mustCatalogue(t, "3.2")
	if _, ok := c.Lookup("Retention.ms"); ok {
		t.Error("Lookup must be case-sensitive")
	}
	e, _ := c.Lookup("retention.ms")
	if len(e.SpecialValues) != 1 || e.SpecialValues[0] != "-1 = no time limit" {
		t.Errorf("retention.ms SpecialValues = %q", e.SpecialValues)
	}
	e.SpecialValues[0] = "mutated"
	if e2, _ := c.Lookup("retention.ms"); e2.SpecialValues[0] == "mutated" {
		t.Error("Lookup exposes internal state")
	}
}

// TestCatalogueDefaultsAreValid checks that every key's default passes its
// own validator: a cheap consistency check between data and code.
func TestCatalogueDefaultsAreValid(t *testing.T) {
	for _, v := range SupportedVersions() {
		c := mustCatalogue(t, v)
		for _, k := range c.Keys() {
			e, _ := c.Lookup(k)
			if err := c.ValidateValue(k, e.Default); err != nil {
				t.Errorf("%s: default of %s rejected: %v", v, k, err)
			}
		}
		if errs := c.Validate(map[string]string{}); errs != nil {
			t.Errorf("%s: Validate(empty) = %v", v, errs)
		}
	}
}

func TestCompareVersions(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"3.8", "3.2", 1},
		{"0.10.1", "3.2", -1},
		{"3.2", "3.2.0", 0},
		{"0.10.1", "0.9.0", 1},
		{"2.4", "2.4", 0},
	}
	for _, tt := range tests {
		if got := compareVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("compareVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
