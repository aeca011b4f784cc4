package topicconfig

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// versionInfo describes one supported Kafka release line.
type versionInfo struct {
	short     string // "3.2": the name used by Version and in messages
	full      string // "3.2.0": the by_version key of topic-configs.json
	hdinsight string // "5.1"
}

// supported lists the Kafka versions HDInsight ships, oldest first.
var supported = []versionInfo{
	{short: "2.4", full: "2.4.1", hdinsight: "4.0"},
	{short: "3.2", full: "3.2.0", hdinsight: "5.1"},
}

// DefaultVersion is the Kafka version ForVersion uses for an empty string.
const DefaultVersion = "3.2"

// label is "Kafka 3.2 (HDInsight 5.1)".
func (v versionInfo) label() string {
	return fmt.Sprintf("Kafka %s (HDInsight %s)", v.short, v.hdinsight)
}

// Entry describes one topic property as a given Kafka version sees it.
type Entry struct {
	Name        string // e.g. "retention.ms"
	Type        string // Kafka ConfigDef type, lower case: boolean, int, long, double, string, list
	Default     string // Kafka's built-in default for this version, as DescribeConfigs renders it
	Description string // one sentence
	// ValidValues is a human-readable statement of the accepted values,
	// e.g. "at least -1" or "one of CreateTime, LogAppendTime (case-sensitive)".
	ValidValues string
	// Since is the Kafka release line that introduced the key, e.g. "0.8.1".
	Since string
	// DeprecatedSince is the release line that deprecated the key ("" if not deprecated).
	DeprecatedSince string
	// Internal is true for keys the version accepts but treats as internal
	// (undocumented, no effect), such as remote.storage.enable on Kafka 3.2.
	Internal bool
	// ServerDefaultProperty is the broker setting that supplies the inherited
	// default ("" if none).
	ServerDefaultProperty string
	// Notes holds version-specific remarks ("" if none).
	Notes string
	// SpecialValues lists sentinel values and their meaning, e.g. "-1 = no time limit".
	SpecialValues []string
}

// Catalogue is one Kafka version's view of the topic-level properties. It is
// immutable and safe for concurrent use.
type Catalogue struct {
	info    versionInfo
	keys    []string
	entries map[string]*entry
	// global holds every key of the embedded catalogue, known to this version or not.
	global map[string]*rawEntry
	// brokerAliases maps broker-level setting names (log.retention.ms) to
	// the topic key of this version they supply the default for.
	brokerAliases map[string]string
}

// entry is a compiled catalogue entry.
type entry struct {
	Entry
	typ   valueType
	check validator
}

// catalogues builds the per-version catalogues once per process.
var catalogues = sync.OnceValues(buildAll)

func buildAll() (map[string]*Catalogue, error) {
	raw, err := loadRaw()
	if err != nil {
		return nil, err
	}
	global := make(map[string]*rawEntry, len(raw))
	for i := range raw {
		global[raw[i].Name] = &raw[i]
	}
	out := make(map[string]*Catalogue, len(supported))
	for _, v := range supported {
		c, err := build(v, raw, global)
		if err != nil {
			return nil, err
		}
		out[v.short] = c
	}
	return out, nil
}

func build(v versionInfo, raw []rawEntry, global map[string]*rawEntry) (*Catalogue, error) {
	c := &Catalogue{
		info:          v,
		entries:       make(map[string]*entry),
		global:        global,
		brokerAliases: make(map[string]string),
	}
	for i := range raw {
		r := &raw[i]
		bv, ok := r.ByVersion[v.full]
		if !ok {
			return nil, fmt.Errorf("topicconfig: key %q has no by_version entry for Kafka %s", r.Name, v.full)
		}
		if bv == nil {
			continue // unknown to this version
		}
		typ, err := parseValueType(r.Type)
		if err != nil {
			return nil, fmt.Errorf("topicconfig: key %q: %w", r.Name, err)
		}
		check, err := compileValidator(typ, bv.Validator)
		if err != nil {
			return nil, fmt.Errorf("topicconfig: key %q on Kafka %s: %w", r.Name, v.full, err)
		}
		e := &entry{
			Entry: Entry{
				Name:                  r.Name,
				Type:                  r.Type,
				Default:               bv.Default,
				Description:           r.Description,
				ValidValues:           check.describe(typ),
				Since:                 r.Since,
				DeprecatedSince:       derefOr(r.DeprecatedSince, ""),
				Internal:              bv.Internal,
				ServerDefaultProperty: derefOr(r.ServerDefaultProperty, ""),
				Notes:                 bv.Notes,
				SpecialValues:         specialValues(r.SpecialValues),
			},
			typ:   typ,
			check: check,
		}
		c.entries[r.Name] = e
		c.keys = append(c.keys, r.Name)
	}
	sort.Strings(c.keys)
	for _, k := range c.keys {
		if p := c.entries[k].ServerDefaultProperty; p != "" && p != k {
			c.brokerAliases[p] = k
		}
	}
	return c, nil
}

func specialValues(m map[string]string) []string {
	if len(m) == 0 {
		return nil
	}
	vals := make([]string, 0, len(m))
	for v := range m {
		vals = append(vals, v)
	}
	sort.Strings(vals)
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = v + " = " + m[v]
	}
	return out
}

// resolveVersion maps "3.2", "3.2.0", "2.4", "2.4.1" (and "" for the
// default) to a supported version.
func resolveVersion(v string) (versionInfo, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		v = DefaultVersion
	}
	for _, s := range supported {
		if v == s.short || v == s.full {
			return s, true
		}
	}
	return versionInfo{}, false
}

// ForVersion returns the catalogue for a Kafka version: "3.2" (= 3.2.0,
// HDInsight 5.1, also the default for "") or "2.4" (= 2.4.1, HDInsight 4.0);
// "3.2.0" and "2.4.1" are accepted too. The catalogues are built once per
// process and shared.
func ForVersion(v string) (*Catalogue, error) {
	info, ok := resolveVersion(v)
	if !ok {
		parts := make([]string, len(supported))
		for i, s := range supported {
			parts[i] = fmt.Sprintf("%q (Kafka %s, HDInsight %s)", s.short, s.full, s.hdinsight)
		}
		return nil, fmt.Errorf("unsupported Kafka version %q: supported versions are %s", v, strings.Join(parts, " and "))
	}
	all, err := catalogues()
	if err != nil {
		return nil, err
	}
	return all[info.short], nil
}

// SupportedVersions returns the accepted short version names, oldest first:
// ["2.4", "3.2"].
func SupportedVersions() []string {
	out := make([]string, len(supported))
	for i, s := range supported {
		out[i] = s.short
	}
	return out
}

// Version returns the short Kafka version, "2.4" or "3.2".
func (c *Catalogue) Version() string { return c.info.short }

// Keys returns the sorted topic property names this version accepts.
func (c *Catalogue) Keys() []string {
	out := make([]string, len(c.keys))
	copy(out, c.keys)
	return out
}

// Lookup returns the entry for a key this version accepts. Matching is exact
// and case-sensitive, as in Kafka.
func (c *Catalogue) Lookup(key string) (Entry, bool) {
	e, ok := c.entries[key]
	if !ok {
		return Entry{}, false
	}
	out := e.Entry
	out.SpecialValues = append([]string(nil), e.SpecialValues...)
	return out, true
}
