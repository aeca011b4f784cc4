// Command terraform-provider-hdikafka is the Terraform provider for Kafka topics on Azure HDInsight's
// Kafka REST proxy.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/provider"
)

// version is set at build time: go build -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/hdikafka/hdikafka",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
