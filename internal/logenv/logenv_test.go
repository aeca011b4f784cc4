package logenv

import (
	"os"
	"testing"
)

// unsetAll clears every variable this package reads for the duration of the test.
func unsetAll(t *testing.T) {
	t.Helper()
	for _, name := range append(append([]string(nil), Requesting...), switchedOff...) {
		t.Setenv(name, "") // restores the old value after the test
		_ = os.Unsetenv(name)
	}
}

func TestRequested(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	if Requested(getenv) {
		t.Fatal("Requested with an empty environment")
	}
	env["TF_LOG_PATH"] = "/tmp/x.log" // a path alone asks for no level
	env["TF_LOG"] = ""
	if Requested(getenv) {
		t.Fatal("Requested with TF_LOG empty and TF_LOG_PATH set")
	}
	for _, name := range Requesting {
		env := map[string]string{name: "warn"}
		if !Requested(func(k string) string { return env[k] }) {
			t.Errorf("%s=warn not seen as a request for logs", name)
		}
	}
}

func TestSwitchOffUnrequested(t *testing.T) {
	unsetAll(t)
	did, err := SwitchOffUnrequested()
	if err != nil || !did {
		t.Fatalf("SwitchOffUnrequested() = %v, %v; want true, nil", did, err)
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_HDIKAFKA"} {
		if got := os.Getenv(name); got != "OFF" {
			t.Errorf("%s = %q, want OFF", name, got)
		}
	}
	if ProviderLogs("WARN") {
		t.Error("ProviderLogs(WARN) after switching off")
	}

	unsetAll(t)
	t.Setenv("TF_LOG", "DEBUG")
	did, err = SwitchOffUnrequested()
	if err != nil || did {
		t.Fatalf("with TF_LOG=DEBUG: SwitchOffUnrequested() = %v, %v; want false, nil", did, err)
	}
	for _, name := range switchedOff {
		if got, ok := os.LookupEnv(name); ok {
			t.Errorf("with TF_LOG=DEBUG, %s was set to %q", name, got)
		}
	}
}

func TestProviderLogs(t *testing.T) {
	for _, tc := range []struct {
		set         string
		debug, warn bool
	}{
		{"", true, true},
		{"nonsense", true, true}, // terraform-plugin-log falls back to trace
		{"trace", true, true},
		{" Debug ", true, true},
		{"INFO", false, true},
		{"WARN", false, true},
		{"error", false, false},
		{"OFF", false, false},
	} {
		t.Setenv(ProviderLevelVariable, tc.set)
		if got := ProviderLogs("DEBUG"); got != tc.debug {
			t.Errorf("%s=%q: ProviderLogs(DEBUG) = %v, want %v", ProviderLevelVariable, tc.set, got, tc.debug)
		}
		if got := ProviderLogs("WARN"); got != tc.warn {
			t.Errorf("%s=%q: ProviderLogs(WARN) = %v, want %v", ProviderLevelVariable, tc.set, got, tc.warn)
		}
	}
}
