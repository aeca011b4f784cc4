// Package logenv decides, from the TF_LOG* environment variables, whether anybody asked for the
// provider's log records, and switches the plugin SDK's loggers and the provider's off when nobody did.
//
// terraform-plugin-log falls back to the trace level when its level variable is unset, so without this
// a framework provider writes every SDK trace record as JSON to stderr (about 90,000 records, 46 MB,
// for a plan of 500 topics) and Terraform, run without TF_LOG, discards them (issue 10, item 3).
// Terraform starts the provider with its own environment, so the provider sees what the user set.
package logenv

import (
	"os"
	"strings"
)

// ProviderLevelVariable is the level variable of the provider's own logger (tflog): terraform-plugin-go
// builds it as TF_LOG_PROVIDER_ followed by the upper-cased name part of the provider's address
// (registry.terraform.io/hdikafka/hdikafka).
const ProviderLevelVariable = "TF_LOG_PROVIDER_HDIKAFKA"

// Requesting lists the environment variables that ask for log records: TF_LOG and TF_LOG_PROVIDER are
// read by Terraform, the others by terraform-plugin-log in the provider process. Any of them set to a
// non-empty value leaves logging as the SDK configures it.
var Requesting = []string{
	"TF_LOG",
	"TF_LOG_PROVIDER",
	ProviderLevelVariable,
	"TF_LOG_SDK",
	"TF_LOG_SDK_PROTO",
	"TF_LOG_SDK_FRAMEWORK",
}

// switchedOff are the level variables that terraform-plugin-log reads again for every RPC: the SDK's
// root logger (terraform-plugin-go), its protocol and framework subsystems, and the provider's logger.
var switchedOff = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", ProviderLevelVariable}

// Requested reports whether any variable of Requesting has a non-empty value in getenv.
func Requested(getenv func(string) string) bool {
	for _, name := range Requesting {
		if getenv(name) != "" {
			return true
		}
	}
	return false
}

// SwitchOffUnrequested sets the SDK's and the provider's level variables to OFF when Requested(os.Getenv)
// is false, and reports whether it did. Call it before serving (tf6server.Serve): terraform-plugin-log reads
// the variables when it builds each request's loggers. Errors come from os.Setenv.
func SwitchOffUnrequested() (bool, error) {
	if Requested(os.Getenv) {
		return false, nil
	}
	for _, name := range switchedOff {
		if err := os.Setenv(name, "OFF"); err != nil {
			return false, err
		}
	}
	return true, nil
}

// ProviderLogs reports whether the provider's logger writes records at level ("DEBUG" or "WARN"):
// false when ProviderLevelVariable names a more severe level or OFF, as terraform-plugin-log would
// decide. It lets a caller skip building and masking fields that would be discarded.
func ProviderLogs(level string) bool {
	set := severity(os.Getenv(ProviderLevelVariable))
	if set == 0 { // unset or unknown: terraform-plugin-log falls back to trace
		return true
	}
	return severity(level) >= set
}

// severity ranks a level name as go-hclog's LevelFromString reads it (case and spaces ignored):
// TRACE 1 ... ERROR 5, OFF 6; 0 for anything else.
func severity(level string) int {
	switch strings.ToUpper(strings.TrimSpace(level)) {
	case "TRACE":
		return 1
	case "DEBUG":
		return 2
	case "INFO":
		return 3
	case "WARN":
		return 4
	case "ERROR":
		return 5
	case "OFF":
		return 6
	}
	return 0
}
