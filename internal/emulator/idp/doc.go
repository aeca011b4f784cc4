// Package idp is the emulator's development identity provider and the API-side token validation.
//
// The provider imitates the parts of Microsoft Entra ID that a confidential client (MSAL Go) uses
// for the client credentials grant: tenant discovery, the JSON Web Key Set and the v2.0 token
// endpoint with client secret, client certificate assertion and federated assertion credentials.
// It issues RS256 access tokens for the HDInsight ID Broker resource with a groups claim.
//
// Authorize validates bearer tokens in front of the REST API: tokens of this provider, or, in
// external mode (Options.ExternalIssuer), real Entra ID tokens whose keys come from the external
// issuer's discovery document.
//
// Nothing in this package logs; secrets, assertions and tokens never appear in error texts.
//
// Served paths (Handler): see Provider.Handler. Issuer of discovery and access tokens:
// <base>/<tenant>/v2.0. Trusted workload issuer for federated assertions: <base>/workload.
package idp
