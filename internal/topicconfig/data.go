package topicconfig

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

//go:embed topic-configs.json
var catalogueJSON []byte

// rawValidator is a validator object of topic-configs.json.
type rawValidator struct {
	Kind         string    `json:"kind"`
	Min          *float64  `json:"min"`
	Max          *float64  `json:"max"`
	AlsoAllowed  []float64 `json:"also_allowed"`
	Values       []string  `json:"values"`
	Match        string    `json:"match"`
	Wildcard     string    `json:"wildcard"`
	WildcardRule string    `json:"wildcard_rule"`
}

// rawVersion is one by_version object of topic-configs.json.
type rawVersion struct {
	Default   string       `json:"default"`
	Validator rawValidator `json:"validator"`
	Internal  bool         `json:"internal"`
	Notes     string       `json:"notes"`
}

// rawEntry is one key of topic-configs.json.
type rawEntry struct {
	Name                  string                 `json:"name"`
	Type                  string                 `json:"type"`
	Since                 string                 `json:"since"`
	DeprecatedSince       *string                `json:"deprecated_since"`
	RemovedIn             *string                `json:"removed_in"`
	Description           string                 `json:"description"`
	ServerDefaultProperty *string                `json:"server_default_property"`
	SpecialValues         map[string]string      `json:"special_values"`
	ByVersion             map[string]*rawVersion `json:"by_version"`
}

// loadRaw decodes the embedded catalogue.
func loadRaw() ([]rawEntry, error) {
	var entries []rawEntry
	if err := json.Unmarshal(catalogueJSON, &entries); err != nil {
		return nil, fmt.Errorf("topicconfig: embedded topic-configs.json is not valid: %w", err)
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("topicconfig: embedded topic-configs.json holds no keys")
	}
	return entries, nil
}

func derefOr(s *string, def string) string {
	if s == nil {
		return def
	}
	return *s
}
