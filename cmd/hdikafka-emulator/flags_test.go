package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator/idp"
)

func TestRunVersion(t *testing.T) {
	old := version
	version = "1.2.3"
	t.Cleanup(func() { version = old })
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"--version"}, &stdout, &stderr); err != nil {
		t.Fatalf("run --version: %v", err)
	}
	if got := stdout.String(); got != "hdikafka-emulator 1.2.3\n" {
		t.Errorf("--version printed %q", got)
	}
	if stderr.Len() != 0 {
		t.Errorf("--version wrote to stderr: %q", stderr.String())
	}
}

func TestVersionDefaultsToDev(t *testing.T) {
	if version != "dev" {
		t.Errorf("version = %q without -ldflags, want dev", version)
	}
}

// TestFlagErrors: a bad flag gives one line naming the problem and pointing
// to --help; the usage text is not printed.
func TestFlagErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown flag", []string{"--no-such-flag"}, []string{"flag provided but not defined: -no-such-flag", usageHint}},
		{"brokers 0", []string{"--brokers", "0"}, []string{"--brokers must be at least 1, got 0"}},
		{"brokers -1", []string{"--brokers", "-1"}, []string{"--brokers must be at least 1, got -1"}},
		{"delay without unit", []string{"--visibility-delay", "3"}, []string{"-visibility-delay", `"3" has no unit: use a duration with a unit such as 3s`, usageHint}},
		{"delay not a duration", []string{"--visibility-delay", "soon"}, []string{`"soon" is not a duration: use a duration with a unit such as 3s`}},
		{"token lifetime without unit", []string{"--token-lifetime", "60"}, []string{"-token-lifetime", "such as 60s"}},
		{"extra argument", []string{"extra"}, []string{"unexpected arguments", usageHint}},
		{"proxy nodes 0", []string{"--proxy-nodes", "0"}, []string{"--proxy-nodes must be between 1 and 16 (HDInsight deploys 2), got 0"}},
		{"proxy nodes 17", []string{"--proxy-nodes", "17"}, []string{"--proxy-nodes must be between 1 and 16", "got 17"}},
		{"proxy nodes text", []string{"--proxy-nodes", "two"}, []string{"-proxy-nodes", usageHint}},
		{"negative delay", []string{"--visibility-delay", "-1s"}, []string{"--visibility-delay must not be negative, got -1s"}},
		{"refresh without unit", []string{"--cache-refresh", "5"}, []string{"-cache-refresh", `"5" has no unit`}},
		{"negative refresh", []string{"--cache-refresh", "-5s"}, []string{"--cache-refresh must not be negative (0s = no periodic refresh), got -5s"}},
		{"create existing 404", []string{"--create-existing-status", "404"}, []string{"--create-existing-status must be 400, 409 or 200, got 404"}},
		{"unknown topic answer", []string{"--unknown-topic", "410"}, []string{`--unknown-topic must be 404, 200-empty or 500, got "410"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			_, _, err := parseFlags(tc.args, &stdout, &stderr)
			if !errors.Is(err, errUsage) {
				t.Fatalf("error %v is not a usage error", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			if stdout.Len() != 0 || stderr.Len() != 0 {
				t.Errorf("parseFlags printed: stdout %q stderr %q", stdout.String(), stderr.String())
			}
		})
	}
}

func TestDurationFlagsAccepted(t *testing.T) {
	cfg, _, err := parseFlags([]string{"--visibility-delay", "3s", "--token-lifetime", "2h"}, &bytes.Buffer{}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.opts.VisibilityDelay.String() != "3s" || cfg.opts.TokenLifetime.String() != "2h0m0s" {
		t.Errorf("delay %s lifetime %s", cfg.opts.VisibilityDelay, cfg.opts.TokenLifetime)
	}
	cfg, _, err = parseFlags(nil, &bytes.Buffer{}, &bytes.Buffer{})
	if err != nil || cfg.opts.TokenLifetime != idp.DefaultTokenLifetime || cfg.opts.Brokers != emulator.DefaultBrokers {
		t.Errorf("defaults: lifetime %s brokers %d, %v", cfg.opts.TokenLifetime, cfg.opts.Brokers, err)
	}
}

func TestCacheFlagsAccepted(t *testing.T) {
	cfg, _, err := parseFlags([]string{"--proxy-nodes", "2", "--cache-refresh", "5s", "--create-existing-status", "409", "--unknown-topic", "200-empty"}, &bytes.Buffer{}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	o := cfg.opts
	if o.ProxyNodes != 2 || o.CacheRefresh.String() != "5s" || o.CreateExistingStatus != 409 || o.UnknownTopic != emulator.UnknownTopicEmpty {
		t.Errorf("parsed nodes %d refresh %s create-existing %d unknown-topic %q", o.ProxyNodes, o.CacheRefresh, o.CreateExistingStatus, o.UnknownTopic)
	}
	cfg, _, err = parseFlags(nil, &bytes.Buffer{}, &bytes.Buffer{})
	o = cfg.opts
	if err != nil || o.ProxyNodes != 1 || o.CacheRefresh != 0 || o.CreateExistingStatus != 400 || o.UnknownTopic != emulator.UnknownTopicNotFound {
		t.Errorf("defaults: nodes %d refresh %s create-existing %d unknown-topic %q, %v", o.ProxyNodes, o.CacheRefresh, o.CreateExistingStatus, o.UnknownTopic, err)
	}
}

func TestAllowedGroupWarning(t *testing.T) {
	inG1 := idp.Client{ID: "a", Secret: "s", Groups: []string{"g0", "g1"}}
	inG2 := idp.Client{ID: "b", Secret: "s", Groups: []string{"g2"}}
	tests := []struct {
		name string
		opts emulator.Options
		want string
	}{
		{"no allowed group", emulator.Options{Clients: []idp.Client{inG2}}, ""},
		{"a client in the group", emulator.Options{AllowedGroup: "g1", Clients: []idp.Client{inG2, inG1}}, ""},
		{"no client in the group", emulator.Options{AllowedGroup: "g1", Clients: []idp.Client{inG2}}, "no registered client belongs to it"},
		{"no client at all", emulator.Options{AllowedGroup: "g1"}, "no client is registered"},
		{"external issuer", emulator.Options{AllowedGroup: "g1", Issuer: "https://login.example/t/v2.0", Clients: []idp.Client{inG2}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := allowedGroupWarning(tc.opts)
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("warning = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestRunWarnsAboutAllowedGroup: the warning reaches the log at start.
func TestRunWarnsAboutAllowedGroup(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // start, warn, and stop at once
	var stdout, stderr syncBuffer
	_ = run(ctx, []string{"--addr", "127.0.0.1:0", "--brokers", "1", "--ca-file", "",
		"--client", "id=app,secret=s,groups=other", "--allowed-group", "kafka-users"}, &stdout, &stderr)
	if !strings.Contains(stderr.String(), "level=WARN") || !strings.Contains(stderr.String(), "no registered client belongs to it") ||
		!strings.Contains(stderr.String(), "allowed_group=kafka-users") {
		t.Errorf("no allowed-group warning in the log:\n%s", stderr.String())
	}
}
