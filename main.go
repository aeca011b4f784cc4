// Command terraform-provider-hdikafka is the Terraform provider for Kafka topics on Azure HDInsight's
// Kafka REST proxy.
package main

import (
	"flag"
	"log"
	"os"
	rdebug "runtime/debug"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/logenv"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/provider"
)

// version is set at build time: go build -ldflags "-X main.version=1.2.3".
var version = "dev"

// providerAddress is the provider's registry address; its name part makes the provider's log level
// variable TF_LOG_PROVIDER_HDIKAFKA (logenv.ProviderLevelVariable).
const providerAddress = "registry.terraform.io/hdikafka/hdikafka"

// defaultMemoryLimit is the provider process's soft heap limit (bytes) unless GOMEMLIMIT is set.
const defaultMemoryLimit = 96 << 20

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	// Without any TF_LOG* variable nobody reads the SDK's trace records (Terraform discards them), so
	// the SDK's loggers and the provider's are switched off, and the RPCs reach the framework without
	// the per-request logging state it would otherwise keep until the process ends; in -debug mode as
	// well: set TF_LOG=TRACE (or any variable of logenv.Requesting) to see the records.
	off, err := logenv.SwitchOffUnrequested()
	if err != nil {
		log.Fatal(err)
	}

	// A soft heap limit bounds the process when the loggers are on: then the framework keeps every
	// RPC's logging state until the process ends, and a plan of 1000 topics peaks at 109 MiB with
	// this limit against 157 MiB without it, for 23 % more CPU (bench/results.md, notes). With the
	// loggers off the live heap stays under 10 MB, so the limit never engages. GOMEMLIMIT overrides it.
	if os.Getenv("GOMEMLIMIT") == "" {
		rdebug.SetMemoryLimit(defaultMemoryLimit)
	}

	server := providerserver.NewProtocol6(provider.New(version)())
	if off {
		server = logenv.DetachRequestContexts(server)
	}
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	if err := tf6server.Serve(providerAddress, server, opts...); err != nil {
		log.Fatal(err)
	}
}
