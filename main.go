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

// defaultMemoryLimit is the provider process's soft heap limit unless GOMEMLIMIT is set.
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

	// Terraform keeps many requests in flight at once (all validations of a large configuration,
	// ten reads or plans at a time). Without a limit, Go's default GC pacing lets the heap grow to twice
	// the live heap before collecting. A soft limit makes the collector work harder only when the heap
	// approaches it; GOMEMLIMIT overrides it.
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
