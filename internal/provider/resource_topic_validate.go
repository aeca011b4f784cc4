package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

// ValidateConfig checks the known topic_properties before the provider is configured, so that
// terraform validate already refuses them. The cluster's Kafka version is not known here: a key is
// reported only when it is invalid under every supported version, with the text of the default
// version's catalogue (an unknown key is named unknown "in any supported Kafka version"); problems of one version only are left to ModifyPlan, which knows
// kafka_version. Terraform stops after validation errors, so no error is reported twice.
func (r *topicResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var props types.Map
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("topic_properties"), &props)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(validatePropertiesAllVersions(props)...)
}

// validatePropertiesAllVersions reports the known topic_properties that every supported Kafka
// version refuses. Conflicts between properties are skipped while a value is unknown, because an
// unknown value counts as absent (Kafka's default) in the cross-field rules.
func validatePropertiesAllVersions(v types.Map) diag.Diagnostics {
	var diags diag.Diagnostics
	p := propertiesOf(v)
	props, unknown := p.known, p.unknown
	if len(props) == 0 {
		return diags
	}

	var defaultErrs []error
	badEverywhere := map[string]bool{}
	for i, version := range topicconfig.SupportedVersions() {
		cat, err := topicconfig.ForVersion(version)
		if err != nil {
			// The embedded catalogue failed to load: ModifyPlan reports it with the provider's version.
			return diags
		}
		errs := cat.Validate(props)
		bad := map[string]bool{}
		for _, e := range errs {
			bad[errorKey(e)] = true
		}
		if i == 0 {
			badEverywhere = bad
		} else {
			for k := range badEverywhere {
				if !bad[k] {
					delete(badEverywhere, k)
				}
			}
		}
		if cat.Version() == topicconfig.DefaultVersion {
			defaultErrs = errs
		}
	}
	for _, err := range defaultErrs {
		key := errorKey(err)
		if !badEverywhere[key] {
			continue
		}
		var te *topicconfig.Error
		if unknown && errors.As(err, &te) && te.Kind == topicconfig.KindConflict {
			continue
		}
		if errors.As(err, &te) && te.Kind == topicconfig.KindUnknownKey {
			// Worded for every version: the cluster's is not known here.
			if all := topicconfig.ValidateKeyAllVersions(key); all != nil {
				err = all
			}
		}
		diags.Append(diagInvalidTopicProperty(key, err))
	}
	return diags
}

// errorKey is the topic property an error of topicconfig is about ("" if it names none).
func errorKey(err error) string {
	var te *topicconfig.Error
	if errors.As(err, &te) {
		return te.Key
	}
	return ""
}
