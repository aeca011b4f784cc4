package topicconfig

import (
	"strings"
)

// maxSuggestLen bounds the key length for which suggestions are computed.
const maxSuggestLen = 256

// levenshtein returns the edit distance between a and b (byte-wise; keys are
// ASCII), giving up early and returning limit+1 once the distance must exceed limit.
func levenshtein(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func commonPrefixLen(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// maxDistance is how many edits a typo may have for a key of length n to
// still get a suggestion.
func maxDistance(n int) int {
	switch {
	case n <= 4:
		return 1
	case n <= 8:
		return 2
	default:
		return 3
	}
}

// normalizeKey lower-cases a key and maps '_' and '-' to '.', trimming spaces.
func normalizeKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.NewReplacer("_", ".", "-", ".").Replace(s)
}

// maxAlternatives caps the keys listed for an ambiguous prefix.
const maxAlternatives = 5

// closest returns the candidates close to key, best first, or nil: first a
// match after normalisation (case, '_' or '-' for '.', spaces); then, when key
// is a prefix of several candidates, those candidates (ambiguous); then the
// candidate with the smallest Levenshtein distance within maxDistance (ties
// broken by the longer common prefix, then alphabetically, candidates being
// sorted); then the single candidate that key is a prefix of.
func closest(key string, candidates []string) []string {
	if key == "" || len(key) > maxSuggestLen {
		return nil
	}
	norm := normalizeKey(key)
	for _, c := range candidates {
		if norm == c {
			return []string{c}
		}
	}
	var extensions []string
	if len(norm) >= 6 {
		for _, c := range candidates {
			if strings.HasPrefix(c, norm) {
				extensions = append(extensions, c)
			}
		}
		if len(extensions) > 1 {
			if len(extensions) > maxAlternatives {
				extensions = extensions[:maxAlternatives]
			}
			return extensions
		}
	}
	best, bestDist, bestPrefix := "", maxDistance(len(norm))+1, -1
	for _, c := range candidates {
		d := levenshtein(norm, c, bestDist)
		if d > bestDist {
			continue
		}
		p := commonPrefixLen(norm, c)
		if d < bestDist || p > bestPrefix {
			best, bestDist, bestPrefix = c, d, p
		}
	}
	if best != "" && bestDist <= maxDistance(len(norm)) {
		return []string{best}
	}
	return extensions // zero or one
}

// durationUnitSuffixes maps broker-style duration suffixes to topic-level ".ms".
var durationUnitSuffixes = []string{".hours", ".minutes", ".seconds", ".mins", ".secs"}

// brokerEquivalent maps a broker-level setting name (log.retention.ms,
// log.retention.hours, message.max.bytes, ...) to this version's topic key.
// unitNote is true when the broker setting used another time unit.
func (c *Catalogue) brokerEquivalent(key string) (topicKey string, unitNote bool) {
	try := func(k string) string {
		if t, ok := c.brokerAliases[k]; ok {
			return t
		}
		if _, ok := c.entries[k]; ok && k != key {
			return k
		}
		return ""
	}
	forms := []string{key, strings.TrimPrefix(key, "log.")}
	for _, f := range forms {
		if t := try(f); t != "" {
			return t, false
		}
	}
	for _, f := range forms {
		for _, suf := range durationUnitSuffixes {
			if base, ok := strings.CutSuffix(f, suf); ok {
				if t := try(base + ".ms"); t != "" {
					return t, true
				}
			}
		}
	}
	return "", false
}
