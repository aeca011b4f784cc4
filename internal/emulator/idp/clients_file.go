package idp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

const maxClientsFileBytes = 4 << 20

// clientEntry is one element of a clients file.
type clientEntry struct {
	ID                string   `json:"id"`
	Secret            string   `json:"secret"`
	CertificateFile   string   `json:"certificate_file"`
	Groups            []string `json:"groups"`
	ObjectID          string   `json:"object_id"`
	FederatedSubjects []string `json:"federated_subjects"`
}

// LoadClients reads application registrations from a JSON file:
//
//	[{"id": "...", "secret": "...", "certificate_file": "client.pem", "groups": ["..."],
//	  "object_id": "...", "federated_subjects": ["repo:org/repo:ref:refs/heads/main"]}]
//
// Only "id" is required; a client without secret and certificate can still use federated assertions
// (from any subject when federated_subjects is empty). certificate_file is a PEM file with the client's RSA certificate(s),
// relative to the clients file's folder unless absolute. Unknown fields are errors.
func LoadClients(path string) ([]Client, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("clients file: %w", err)
	}
	defer func() { _ = f.Close() }()
	data, err := io.ReadAll(io.LimitReader(f, maxClientsFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("clients file %s: %w", path, err)
	}
	if len(data) > maxClientsFileBytes {
		return nil, fmt.Errorf("clients file %s: larger than %d bytes", path, maxClientsFileBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var entries []clientEntry
	if err := dec.Decode(&entries); err != nil {
		return nil, fmt.Errorf("clients file %s: must be a JSON array of {\"id\", \"secret\", \"certificate_file\", \"groups\"} objects: %w", path, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("clients file %s: unexpected data after the JSON array", path)
	}
	dir := filepath.Dir(path)
	seen := map[string]int{}
	clients := make([]Client, 0, len(entries))
	for i, e := range entries {
		where := fmt.Sprintf("clients file %s: entry %d", path, i)
		id := strings.TrimSpace(e.ID)
		if id == "" {
			return nil, fmt.Errorf("%s: \"id\" is required (the application's client id)", where)
		}
		where += fmt.Sprintf(" (id %q)", id)
		if j, dup := seen[id]; dup {
			return nil, fmt.Errorf("%s: duplicate id, already used by entry %d", where, j)
		}
		seen[id] = i
		c := Client{ID: id, Secret: e.Secret, ObjectID: strings.TrimSpace(e.ObjectID)}
		for k, g := range e.Groups {
			if strings.TrimSpace(g) == "" {
				return nil, fmt.Errorf("%s: groups[%d] is empty", where, k)
			}
			c.Groups = append(c.Groups, strings.TrimSpace(g))
		}
		for k, s := range e.FederatedSubjects {
			if strings.TrimSpace(s) == "" {
				return nil, fmt.Errorf("%s: federated_subjects[%d] is empty", where, k)
			}
			c.FederatedSubjects = append(c.FederatedSubjects, s)
		}
		if e.CertificateFile != "" {
			cp := e.CertificateFile
			if !filepath.IsAbs(cp) {
				cp = filepath.Join(dir, cp)
			}
			pemData, err := os.ReadFile(cp)
			if err != nil {
				return nil, fmt.Errorf("%s: certificate_file: %w", where, err)
			}
			if _, err := parseRSACertificates(pemData); err != nil {
				return nil, fmt.Errorf("%s: certificate_file %s: %w", where, cp, err)
			}
			c.CertificatePEM = pemData
		}
		clients = append(clients, c)
	}
	return clients, nil
}
