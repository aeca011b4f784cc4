package provider

// Regular expressions for expected Terraform output (ExpectError and the like).

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// textRe matches the given fragments in order. Terraform wraps diagnostic text and prefixes each
// line with "│", so a space in a fragment matches any run of white space and box-drawing bars.
func textRe(fragments ...string) *regexp.Regexp {
	parts := make([]string, len(fragments))
	for i, f := range fragments {
		words := strings.Fields(f)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		parts[i] = strings.Join(words, `[\s│]+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}

func TestTextRe(t *testing.T) {
	re := textRe(`Topic "a.b" not found`, "not be visible yet")
	tests := []struct {
		text string
		want bool
	}{
		{"Error: Topic \"a.b\" not found\n\nblah it may not be\nvisible yet", true},
		{"│ Error: Topic \"a.b\"\n│ not found\n│\n│ it may not be\n│ visible yet", true},
		{"Error: Topic \"aXb\" not found ... not be visible yet", false},
		{"not be visible yet ... Topic \"a.b\" not found", false},
	}
	for _, tt := range tests {
		if got := re.MatchString(tt.text); got != tt.want {
			t.Errorf("match %q = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// exactlyOnceRe returns a regexp that matches a text containing phrase exactly once. Go's regexp
// has no lookahead, so the parts around the phrase are "any text without phrase", written as an
// automaton over the phrase's prefixes; this needs a phrase whose first rune occurs nowhere else
// in it (so that no occurrence can overlap another).
func exactlyOnceRe(phrase string) (*regexp.Regexp, error) {
	runes := []rune(phrase)
	if len(runes) < 2 {
		return nil, fmt.Errorf("phrase %q: at least two runes are needed", phrase)
	}
	first := runes[0]
	if strings.ContainsRune(string(runes[1:]), first) {
		return nil, fmt.Errorf("phrase %q: its first rune %q occurs again in it", phrase, first)
	}
	lit := func(rs []rune) string { return regexp.QuoteMeta(string(rs)) }
	not := func(rs ...rune) string {
		var b strings.Builder
		b.WriteString("[^")
		for _, r := range rs {
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
		b.WriteString("]")
		return b.String()
	}
	// prefixes: the partial matches after the first rune, "" up to runes[1:n-1].
	prefixes := make([]string, 0, len(runes)-1)
	// breaks: a partial match followed by a rune that neither continues it nor restarts it.
	breaks := make([]string, 0, len(runes)-1)
	for k := 1; k < len(runes); k++ {
		prefixes = append(prefixes, lit(runes[1:k]))
		breaks = append(breaks, lit(runes[1:k])+not(runes[k], first))
	}
	partial := "(?:" + strings.Join(prefixes, "|") + ")"
	restarts := regexp.QuoteMeta(string(first)) + "(?:" + partial + regexp.QuoteMeta(string(first)) + ")*"
	excursion := restarts + "(?:" + strings.Join(breaks, "|") + ")"
	without := "(?:" + not(first) + "|" + excursion + ")*(?:" + restarts + partial + ")?"
	return regexp.Compile(`(?s)\A` + without + lit(runes) + without + `\z`)
}

func TestExactlyOnceRe(t *testing.T) {
	re, err := exactlyOnceRe("Invalid topic property")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		text string
		want bool
	}{
		{"Error: Invalid topic property\n\nwith hdikafka_topic.test", true},
		{"Invalid topic property", true},
		{"IInvalid topic property In Inv Invalid topic propert I", true},
		{"Error: Invalid topic property\nError: Invalid topic property", false},
		{"Invalid topic propertyInvalid topic property", false},
		{"IInvalid topic property IInvalid topic property", false},
		{"no such phrase, only Invalid topic propert", false},
		{"", false},
	}
	for _, tc := range cases {
		if got := re.MatchString(tc.text); got != tc.want {
			t.Errorf("MatchString(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
	for _, bad := range []string{"x", "abca"} {
		if _, err := exactlyOnceRe(bad); err == nil {
			t.Errorf("exactlyOnceRe(%q): want an error", bad)
		}
	}
}
