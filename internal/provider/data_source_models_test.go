package provider

import (
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
)

func dsTestBrokers(ids ...int32) []kafkarest.Broker {
	out := make([]kafkarest.Broker, 0, len(ids))
	for _, id := range ids {
		out = append(out, kafkarest.Broker{ID: id, Host: "b" + string(rune('0'+id)), Port: 9092})
	}
	return out
}

func TestDataSourcePartitionFromAPI(t *testing.T) {
	leader := kafkarest.Broker{ID: 2, Host: "wn2", Port: 9092}
	noLeader := kafkarest.Broker{ID: -1}
	tests := []struct {
		name       string
		in         kafkarest.Partition
		wantLeader types.Int64
		wantRepl   []int64
		wantISR    []int64
	}{
		{
			name:       "healthy",
			in:         kafkarest.Partition{ID: 3, EarliestOffset: 5, LatestOffset: 42, Leader: &leader, Replicas: dsTestBrokers(2, 0, 1), ISR: dsTestBrokers(2, 0, 1)},
			wantLeader: types.Int64Value(2), wantRepl: []int64{2, 0, 1}, wantISR: []int64{2, 0, 1},
		},
		{
			name:       "no leader (null)",
			in:         kafkarest.Partition{ID: 0, Replicas: dsTestBrokers(1)},
			wantLeader: types.Int64Null(), wantRepl: []int64{1}, wantISR: []int64{},
		},
		{
			name:       "no leader (-1)",
			in:         kafkarest.Partition{ID: 0, Leader: &noLeader},
			wantLeader: types.Int64Null(), wantRepl: []int64{}, wantISR: []int64{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := dataSourcePartitionFromAPI(tt.in)
			if !got.Leader.Equal(tt.wantLeader) {
				t.Errorf("leader = %v, want %v", got.Leader, tt.wantLeader)
			}
			if got.Replicas == nil || !slices.Equal(got.Replicas, tt.wantRepl) {
				t.Errorf("replicas = %#v, want %#v (never nil)", got.Replicas, tt.wantRepl)
			}
			if got.ISR == nil || !slices.Equal(got.ISR, tt.wantISR) {
				t.Errorf("isr = %#v, want %#v (never nil)", got.ISR, tt.wantISR)
			}
			if got.PartitionID.ValueInt64() != int64(tt.in.ID) ||
				got.EarliestOffset.ValueInt64() != tt.in.EarliestOffset ||
				got.LatestOffset.ValueInt64() != tt.in.LatestOffset {
				t.Errorf("id/offsets = %v/%v/%v, want %d/%d/%d", got.PartitionID, got.EarliestOffset, got.LatestOffset,
					tt.in.ID, tt.in.EarliestOffset, tt.in.LatestOffset)
			}
		})
	}
}

func TestDataSourcePartitionsFromAPISortsByID(t *testing.T) {
	got := dataSourcePartitionsFromAPI([]kafkarest.Partition{{ID: 2}, {ID: 0}, {ID: 1}})
	var ids []int64
	for _, p := range got {
		ids = append(ids, p.PartitionID.ValueInt64())
	}
	if !slices.Equal(ids, []int64{0, 1, 2}) {
		t.Fatalf("partition ids = %v, want [0 1 2]", ids)
	}
}

func TestDataSourceUnderReplicated(t *testing.T) {
	tests := []struct {
		name  string
		parts []kafkarest.Partition
		want  int
	}{
		{"none", nil, 0},
		{"all in sync", []kafkarest.Partition{{Replicas: dsTestBrokers(0, 1), ISR: dsTestBrokers(1, 0)}}, 0},
		{"one behind", []kafkarest.Partition{
			{Replicas: dsTestBrokers(0, 1, 2), ISR: dsTestBrokers(0, 1)},
			{Replicas: dsTestBrokers(1, 2, 0), ISR: dsTestBrokers(1, 2, 0)},
		}, 1},
		{"empty isr", []kafkarest.Partition{{Replicas: dsTestBrokers(0)}, {Replicas: dsTestBrokers(1)}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dataSourceUnderReplicated(tt.parts); got != tt.want {
				t.Errorf("under-replicated = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestDataSourceBrokersFromAPI(t *testing.T) {
	rack := "fd1-ud0"
	empty := ""
	in := []kafkarest.Broker{
		{ID: 1003, Host: "wn3", Port: 9092, Rack: &rack},
		{ID: 1001, Host: "wn1", Port: 9092},
		{ID: 1002, Host: "wn2", Port: 9093, Rack: &empty},
	}
	got := dataSourceBrokersFromAPI(in)
	want := []dataSourceBrokerModel{
		{ID: types.Int64Value(1001), Host: types.StringValue("wn1"), Port: types.Int64Value(9092), Rack: types.StringNull()},
		{ID: types.Int64Value(1002), Host: types.StringValue("wn2"), Port: types.Int64Value(9093), Rack: types.StringValue("")},
		{ID: types.Int64Value(1003), Host: types.StringValue("wn3"), Port: types.Int64Value(9092), Rack: types.StringValue("fd1-ud0")},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d brokers, want %d", len(got), len(want))
	}
	for i := range want {
		if !got[i].ID.Equal(want[i].ID) || !got[i].Host.Equal(want[i].Host) || !got[i].Port.Equal(want[i].Port) || !got[i].Rack.Equal(want[i].Rack) {
			t.Errorf("broker %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if in[0].ID != 1003 {
		t.Error("dataSourceBrokersFromAPI reordered its input")
	}
	if out := dataSourceBrokersFromAPI(nil); out == nil || len(out) != 0 {
		t.Errorf("no brokers = %#v, want an empty non-nil list", out)
	}
}
