package provider

import "github.com/hashicorp/terraform-plugin-framework/datasource"

// dataSources returns the constructors of the provider's data sources; the
// provider's DataSources method returns this list.
func dataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewTopicsDataSource,
		NewTopicDataSource,
		NewTopicPartitionDataSource,
		NewBrokersDataSource,
	}
}
