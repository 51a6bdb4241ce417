/*
 * models_cluster.c — shard keys and selectors, cluster and collection
 * cluster status, shard transfers and resharding, the cluster update
 * operations and node quotas.
 *
 * Variants the spec writes inline (ClusterStatus, ConsensusThreadStatus)
 * get the names qdrant-client gives them (<Name>OneOf, <Name>OneOf1, ...);
 * their constant `status` strings are one-value enums.
 */

#include "model/desc.h"

static const qe_field_desc ShardKeyWithFallback_f[] = {
    QE_FIELD("target", "ShardKey", QE_REQ, NULL, "Preferred shard key."),
    QE_FIELD("fallback", "ShardKey", QE_REQ, NULL, "Key used when the target does not exist."),
};

static const qe_field_desc CreateShardingKey_f[] = {
    QE_FIELD("shard_key", "ShardKey", QE_REQ, NULL, "The new key."),
    QE_FIELD("shards_number", "uint(1..)", 0, NULL,
             "Shards for this key; the collection's shard_number when absent."),
    QE_FIELD("replication_factor", "uint(1..)", 0, NULL,
             "Replicas per shard; the collection's setting when absent."),
    QE_FIELD("placement", "[uint]", 0, NULL,
             "Peer ids allowed to hold the shards; any peer when absent."),
    QE_FIELD("initial_state", "ReplicaState", 0, NULL,
             "State the new shards start in; set only for special set-ups."),
};

static const qe_field_desc DropShardingKey_f[] = {
    QE_FIELD("shard_key", "ShardKey", QE_REQ, NULL, "Key to delete."),
};

static const qe_field_desc ShardKeysResponse_f[] = {
    QE_FIELD("shard_keys", "[ShardKeyDescription]", 0, NULL,
             "The keys; absent unless the collection uses custom sharding."),
};

static const qe_field_desc ShardKeyDescription_f[] = {
    QE_FIELD("key", "ShardKey", QE_REQ, NULL, "The key."),
};

static const char *const ClusterStatusOneOfStatus_v[] = {"disabled", NULL};

static const qe_field_desc ClusterStatusOneOf_f[] = {
    QE_FIELD("status", "ClusterStatusOneOfStatus", QE_REQ, NULL, "Always \"disabled\"."),
};

static const char *const ClusterStatusOneOf1Status_v[] = {"enabled", NULL};

static const qe_field_desc ClusterStatusOneOf1_f[] = {
    QE_FIELD("status", "ClusterStatusOneOf1Status", QE_REQ, NULL, "Always \"enabled\"."),
    QE_FIELD("peer_id", "uint", QE_REQ, NULL, "Id of the peer that answered."),
    QE_FIELD("peers", "{PeerInfo}", QE_REQ, NULL, "Known peers, by peer id."),
    QE_FIELD("raft_info", "RaftInfo", QE_REQ, NULL, "Consensus state."),
    QE_FIELD("consensus_thread_status", "ConsensusThreadStatus", QE_REQ, NULL,
             "Health of the consensus thread."),
    QE_FIELD("message_send_failures", "{MessageSendErrors}", QE_REQ, NULL,
             "Recent failures to reach peers, by peer address."),
};

static const qe_field_desc PeerInfo_f[] = {
    QE_FIELD("uri", "string", QE_REQ, NULL, "Address for internal communication."),
};

static const qe_field_desc RaftInfo_f[] = {
    QE_FIELD("term", "uint", QE_REQ, NULL, "Current election term."),
    QE_FIELD("commit", "uint", QE_REQ, NULL, "Index of the last committed operation known here."),
    QE_FIELD("pending_operations", "uint", QE_REQ, NULL,
             "Committed operations not yet applied here."),
    QE_FIELD("leader", "uint", 0, NULL, "Peer id of the current leader, if known."),
    QE_FIELD("role", "StateRole", 0, NULL, "This peer's role in the current term."),
    QE_FIELD("is_voter", "bool", QE_REQ, NULL,
             "Whether this peer votes (true) or only follows (false)."),
};

static const char *const StateRole_v[] = {"Follower", "Candidate", "Leader", "PreCandidate", NULL};

static const char *const ConsensusThreadStatusOneOfConsensusThreadStatus_v[] = {"working", NULL};

static const qe_field_desc ConsensusThreadStatusOneOf_f[] = {
    QE_FIELD("consensus_thread_status", "ConsensusThreadStatusOneOfConsensusThreadStatus", QE_REQ,
             NULL, "Always \"working\"."),
    QE_FIELD("last_update", "string", QE_REQ, NULL, "Time of its last activity."),
};

static const char *const ConsensusThreadStatusOneOf1ConsensusThreadStatus_v[] = {"stopped", NULL};

static const qe_field_desc ConsensusThreadStatusOneOf1_f[] = {
    QE_FIELD("consensus_thread_status", "ConsensusThreadStatusOneOf1ConsensusThreadStatus", QE_REQ,
             NULL, "Always \"stopped\"."),
};

static const char *const ConsensusThreadStatusOneOf2ConsensusThreadStatus_v[] = {"stopped_with_err",
                                                                                 NULL};

static const qe_field_desc ConsensusThreadStatusOneOf2_f[] = {
    QE_FIELD("consensus_thread_status", "ConsensusThreadStatusOneOf2ConsensusThreadStatus", QE_REQ,
             NULL, "Always \"stopped_with_err\"."),
    QE_FIELD("err", "string", QE_REQ, NULL, "The error."),
};

static const qe_field_desc MessageSendErrors_f[] = {
    QE_FIELD("count", "uint", QE_REQ, NULL, "Failures in a row."),
    QE_FIELD("latest_error", "string", 0, NULL, "Last error message."),
    QE_FIELD("latest_error_timestamp", "string", 0, NULL, "When the last error happened."),
};

static const qe_field_desc CollectionClusterInfo_f[] = {
    QE_FIELD("peer_id", "uint", QE_REQ, NULL, "Id of the peer that answered."),
    QE_FIELD("shard_count", "uint", QE_REQ, NULL, "Number of shards."),
    QE_FIELD("local_shards", "[LocalShardInfo]", QE_REQ, NULL, "Shards held by this peer."),
    QE_FIELD("remote_shards", "[RemoteShardInfo]", QE_REQ, NULL, "Shards held by other peers."),
    QE_FIELD("shard_transfers", "[ShardTransferInfo]", QE_REQ, NULL, "Transfers in progress."),
    QE_FIELD("resharding_operations", "[ReshardingInfo]", 0, NULL, "Resharding in progress."),
};

static const qe_field_desc LocalShardInfo_f[] = {
    QE_FIELD("shard_id", "uint", QE_REQ, NULL, "Shard id."),
    QE_FIELD("shard_key", "ShardKey", 0, NULL, "Shard key, for custom sharding."),
    QE_FIELD("points_count", "uint", QE_REQ, NULL, "Approximate number of points."),
    QE_FIELD("state", "ReplicaState", QE_REQ, NULL, "Replica state."),
};

static const qe_field_desc RemoteShardInfo_f[] = {
    QE_FIELD("shard_id", "uint", QE_REQ, NULL, "Shard id."),
    QE_FIELD("shard_key", "ShardKey", 0, NULL, "Shard key, for custom sharding."),
    QE_FIELD("peer_id", "uint", QE_REQ, NULL, "Peer that holds it."),
    QE_FIELD("state", "ReplicaState", QE_REQ, NULL, "Replica state."),
};

static const qe_field_desc ShardTransferInfo_f[] = {
    QE_FIELD("shard_id", "uint", QE_REQ, NULL, "Shard being sent."),
    QE_FIELD("to_shard_id", "uint", 0, NULL, "Receiving shard, when it differs (resharding only)."),
    QE_FIELD("from", "uint", QE_REQ, NULL, "Sending peer."),
    QE_FIELD("to", "uint", QE_REQ, NULL, "Receiving peer."),
    QE_FIELD("sync", "bool", QE_REQ, NULL,
             "True when syncing a replica, false when moving the shard."),
    QE_FIELD("method", "ShardTransferMethod", 0, NULL, "How the data is sent."),
    QE_FIELD("comment", "string", 0, NULL, "Progress report, on the sending peer only."),
};

static const char *const ShardTransferMethod_v[] = {"stream_records", "snapshot", "wal_delta",
                                                    "resharding_stream_records", NULL};

static const qe_field_desc ReshardingInfo_f[] = {
    QE_FIELD("direction", "ReshardingDirection", QE_REQ, NULL,
             "Adding (up) or removing (down) a shard."),
    QE_FIELD("shard_id", "uint", QE_REQ, NULL, "Shard being added or removed."),
    QE_FIELD("peer_id", "uint", QE_REQ, NULL, "Peer involved."),
    QE_FIELD("shard_key", "ShardKey", 0, NULL, "Shard key being resharded, if any."),
};

static const char *const ReshardingDirection_v[] = {"up", "down", NULL};

static const char *const ReplicaState_v[] = {
    "Active",          "Dead",     "Partial",    "Initializing",        "Listener",
    "PartialSnapshot", "Recovery", "Resharding", "ReshardingScaleDown", "ActiveRead",
    "ManualRecovery",  NULL};

static const qe_field_desc MoveShardOperation_f[] = {
    QE_FIELD("move_shard", "MoveShard", QE_REQ, NULL, "Shard and peers."),
};

static const qe_field_desc MoveShard_f[] = {
    QE_FIELD("shard_id", "uint", QE_REQ, NULL, "Shard to move."),
    QE_FIELD("to_peer_id", "uint", QE_REQ, NULL, "Receiving peer."),
    QE_FIELD("from_peer_id", "uint", QE_REQ, NULL, "Peer that holds it now."),
    QE_FIELD("method", "ShardTransferMethod", 0, NULL, "Transfer method."),
};

static const qe_field_desc ReplicateShardOperation_f[] = {
    QE_FIELD("replicate_shard", "ReplicateShard", QE_REQ, NULL, "Shard and peers."),
};

static const qe_field_desc ReplicateShard_f[] = {
    QE_FIELD("shard_id", "uint", QE_REQ, NULL, "Shard to copy."),
    QE_FIELD("to_peer_id", "uint", QE_REQ, NULL, "Receiving peer."),
    QE_FIELD("from_peer_id", "uint", QE_REQ, NULL, "Peer that holds it now."),
    QE_FIELD("method", "ShardTransferMethod", 0, NULL, "Transfer method."),
};

static const qe_field_desc AbortTransferOperation_f[] = {
    QE_FIELD("abort_transfer", "AbortShardTransfer", QE_REQ, NULL, "The transfer to cancel."),
};

static const qe_field_desc AbortShardTransfer_f[] = {
    QE_FIELD("shard_id", "uint", QE_REQ, NULL, "Shard being sent."),
    QE_FIELD("to_peer_id", "uint", QE_REQ, NULL, "Receiving peer."),
    QE_FIELD("from_peer_id", "uint", QE_REQ, NULL, "Sending peer."),
};

static const qe_field_desc DropReplicaOperation_f[] = {
    QE_FIELD("drop_replica", "Replica", QE_REQ, NULL, "The replica."),
};

static const qe_field_desc Replica_f[] = {
    QE_FIELD("shard_id", "uint", QE_REQ, NULL, "Shard id."),
    QE_FIELD("peer_id", "uint", QE_REQ, NULL, "Peer id."),
};

static const qe_field_desc CreateShardingKeyOperation_f[] = {
    QE_FIELD("create_sharding_key", "CreateShardingKey", QE_REQ, NULL, "Key settings."),
};

static const qe_field_desc DropShardingKeyOperation_f[] = {
    QE_FIELD("drop_sharding_key", "DropShardingKey", QE_REQ, NULL, "Key to delete."),
};

static const qe_field_desc RestartTransferOperation_f[] = {
    QE_FIELD("restart_transfer", "RestartTransfer", QE_REQ, NULL, "Transfer and method."),
};

static const qe_field_desc RestartTransfer_f[] = {
    QE_FIELD("shard_id", "uint", QE_REQ, NULL, "Shard being sent."),
    QE_FIELD("from_peer_id", "uint", QE_REQ, NULL, "Sending peer."),
    QE_FIELD("to_peer_id", "uint", QE_REQ, NULL, "Receiving peer."),
    QE_FIELD("method", "ShardTransferMethod", QE_REQ, NULL, "Method to use from now on."),
};

static const qe_field_desc StartReshardingOperation_f[] = {
    QE_FIELD("start_resharding", "StartResharding", QE_REQ, NULL, "Resharding settings."),
};

static const qe_field_desc StartResharding_f[] = {
    QE_FIELD("direction", "ReshardingDirection", QE_REQ, NULL,
             "Add (up) or remove (down) a shard."),
    QE_FIELD("peer_id", "uint", 0, NULL,
             "Peer for the new shard, or to drain; chosen by the server when absent."),
    QE_FIELD("shard_key", "ShardKey", 0, NULL,
             "Existing shard key to reshard; keyless shards when absent."),
};

static const qe_field_desc AbortReshardingOperation_f[] = {
    QE_FIELD("abort_resharding", "AbortResharding", QE_REQ, NULL, "Always an empty object."),
};

static const qe_field_desc ReplicatePointsOperation_f[] = {
    QE_FIELD("replicate_points", "ReplicatePoints", QE_REQ, NULL, "Source, target and filter."),
};

static const qe_field_desc ReplicatePoints_f[] = {
    QE_FIELD("filter", "Filter", 0, NULL, "Copy only points that match."),
    QE_FIELD("from_shard_key", "ShardKey", QE_REQ, NULL, "Source shard key."),
    QE_FIELD("to_shard_key", "ShardKey", QE_REQ, NULL, "Target shard key."),
};

static const qe_field_desc QuotaConfig_f[] = {
    QE_FIELD("enabled", "bool", QE_NONULL, "false", "Enforce the limits."),
    QE_FIELD("max_resident_memory_percent", "uint(1..100)", 0, NULL,
             "Refuse memory-hungry updates above this share of RAM."),
    QE_FIELD("max_disk_usage_percent", "uint(1..100)", 0, NULL,
             "Refuse disk-hungry updates above this share of the storage disk."),
    QE_FIELD("release_margin_percent", "uint(..100)", 0, NULL,
             "Points below a limit that usage must fall to before updates resume."),
};

static const qe_field_desc QuotaStatus_f[] = {
    QE_FIELD("config", "QuotaConfig", QE_REQ, NULL, "Settings in effect."),
    QE_FIELD("usage", "QuotaUsage", QE_REQ, NULL, "Use on the answering peer."),
    QE_FIELD("peers", "{PeerQuotaUsage}", 0, NULL, "Use reported by each peer, by peer id."),
};

static const qe_field_desc QuotaUsage_f[] = {
    QE_FIELD("resident_memory_percent", "uint", 0, NULL,
             "Resident memory as a share of the memory available."),
    QE_FIELD("disk_usage_percent", "uint", 0, NULL, "Used space of the storage disk."),
};

static const qe_field_desc PeerQuotaUsage_f[] = {
    QE_FIELD("exceeded", "bool", QE_REQ, NULL, "Whether it is over a limit and refusing updates."),
    QE_FIELD("resident_memory_percent", "uint", 0, NULL,
             "Resident memory as a share of the memory available."),
    QE_FIELD("disk_usage_percent", "uint", 0, NULL, "Used space of the storage disk."),
};

static const qe_model_desc models[] = {
    QE_UNION("ShardKey", "string | uint", "A shard key: a string or an unsigned integer."),
    QE_UNION("ShardKeySelector", "ShardKey | [ShardKey] | ShardKeyWithFallback",
             "Shard keys to route to: one key, a list, or a key with a fallback."),
    QE_OBJECT("ShardKeyWithFallback", ShardKeyWithFallback_f, 0,
              "Use the target key if it exists, otherwise the fallback key."),
    QE_OBJECT("CreateShardingKey", CreateShardingKey_f, 0,
              "Create a shard key and its shards in a custom-sharded collection."),
    QE_OBJECT("DropShardingKey", DropShardingKey_f, 0,
              "Delete a shard key together with its shards and points."),
    QE_OBJECT("ShardKeysResponse", ShardKeysResponse_f, 0, "Shard keys of a collection."),
    QE_OBJECT("ShardKeyDescription", ShardKeyDescription_f, 0, "One shard key of a collection."),
    QE_ENUM_X("ClusterStatusOneOfStatus", ClusterStatusOneOfStatus_v, "",
              "The value \"disabled\"."),
    QE_OBJECT_X("ClusterStatusOneOf", ClusterStatusOneOf_f, 0, "", "Cluster mode is off."),
    QE_ENUM_X("ClusterStatusOneOf1Status", ClusterStatusOneOf1Status_v, "",
              "The value \"enabled\"."),
    QE_OBJECT_X("ClusterStatusOneOf1", ClusterStatusOneOf1_f, 0, "", "Cluster mode is on."),
    QE_UNION("ClusterStatus", "ClusterStatusOneOf | ClusterStatusOneOf1",
             "Cluster state: disabled, or enabled with peers and consensus details."),
    QE_OBJECT("PeerInfo", PeerInfo_f, 0, "A peer of the cluster."),
    QE_OBJECT("RaftInfo", RaftInfo_f, 0, "Consensus state seen by this peer."),
    QE_ENUM("StateRole", StateRole_v, "Consensus role of a peer."),
    QE_ENUM_X("ConsensusThreadStatusOneOfConsensusThreadStatus",
              ConsensusThreadStatusOneOfConsensusThreadStatus_v, "", "The value \"working\"."),
    QE_OBJECT_X("ConsensusThreadStatusOneOf", ConsensusThreadStatusOneOf_f, 0, "",
                "The consensus thread is running."),
    QE_ENUM_X("ConsensusThreadStatusOneOf1ConsensusThreadStatus",
              ConsensusThreadStatusOneOf1ConsensusThreadStatus_v, "", "The value \"stopped\"."),
    QE_OBJECT_X("ConsensusThreadStatusOneOf1", ConsensusThreadStatusOneOf1_f, 0, "",
                "The consensus thread has stopped."),
    QE_ENUM_X("ConsensusThreadStatusOneOf2ConsensusThreadStatus",
              ConsensusThreadStatusOneOf2ConsensusThreadStatus_v, "",
              "The value \"stopped_with_err\"."),
    QE_OBJECT_X("ConsensusThreadStatusOneOf2", ConsensusThreadStatusOneOf2_f, 0, "",
                "The consensus thread stopped on an error."),
    QE_UNION(
        "ConsensusThreadStatus",
        "ConsensusThreadStatusOneOf | ConsensusThreadStatusOneOf1 | ConsensusThreadStatusOneOf2",
        "Whether the consensus thread is running, stopped, or failed."),
    QE_OBJECT("MessageSendErrors", MessageSendErrors_f, 0,
              "Failures to send consensus messages to one peer."),
    QE_OBJECT("CollectionClusterInfo", CollectionClusterInfo_f, 0,
              "How a collection's shards are spread over the cluster."),
    QE_OBJECT("LocalShardInfo", LocalShardInfo_f, 0, "A shard on the answering peer."),
    QE_OBJECT("RemoteShardInfo", RemoteShardInfo_f, 0, "A shard on another peer."),
    QE_OBJECT("ShardTransferInfo", ShardTransferInfo_f, 0, "A shard transfer in progress."),
    QE_ENUM(
        "ShardTransferMethod", ShardTransferMethod_v,
        "How a shard travels: stream_records, snapshot, wal_delta or resharding_stream_records."),
    QE_OBJECT("ReshardingInfo", ReshardingInfo_f, 0, "A resharding in progress."),
    QE_ENUM("ReshardingDirection", ReshardingDirection_v, "up adds a shard; down removes one."),
    QE_ENUM("ReplicaState", ReplicaState_v, "State of one replica of a shard."),
    QE_UNION("ClusterOperations",
             "MoveShardOperation | ReplicateShardOperation | AbortTransferOperation | "
             "DropReplicaOperation | CreateShardingKeyOperation | DropShardingKeyOperation | "
             "RestartTransferOperation | StartReshardingOperation | AbortReshardingOperation | "
             "ReplicatePointsOperation",
             "One change to a collection's shard layout."),
    QE_OBJECT("MoveShardOperation", MoveShardOperation_f, 0, "Move a shard to another peer."),
    QE_OBJECT("MoveShard", MoveShard_f, 0, "A shard and the peers to move it between."),
    QE_OBJECT("ReplicateShardOperation", ReplicateShardOperation_f, 0,
              "Copy a shard to another peer."),
    QE_OBJECT("ReplicateShard", ReplicateShard_f, 0, "A shard and the peers to copy it between."),
    QE_OBJECT("AbortTransferOperation", AbortTransferOperation_f, 0, "Cancel a shard transfer."),
    QE_OBJECT("AbortShardTransfer", AbortShardTransfer_f, 0, "Identifies a shard transfer."),
    QE_OBJECT("DropReplicaOperation", DropReplicaOperation_f, 0, "Remove one replica of a shard."),
    QE_OBJECT("Replica", Replica_f, 0, "A shard on a given peer."),
    QE_OBJECT("CreateShardingKeyOperation", CreateShardingKeyOperation_f, 0, "Create a shard key."),
    QE_OBJECT("DropShardingKeyOperation", DropShardingKeyOperation_f, 0, "Delete a shard key."),
    QE_OBJECT("RestartTransferOperation", RestartTransferOperation_f, 0,
              "Restart a shard transfer with another method."),
    QE_OBJECT("RestartTransfer", RestartTransfer_f, 0,
              "Identifies a shard transfer and its new method."),
    QE_OBJECT("StartReshardingOperation", StartReshardingOperation_f, 0,
              "Begin adding or removing a shard."),
    QE_OBJECT("StartResharding", StartResharding_f, 0, "Settings of a resharding."),
    QE_OBJECT("AbortReshardingOperation", AbortReshardingOperation_f, 0,
              "Cancel the resharding in progress."),
    QE_EMPTY_OBJECT_X("AbortResharding", 0, NULL, "Empty marker object."),
    QE_OBJECT("ReplicatePointsOperation", ReplicatePointsOperation_f, 0,
              "Copy points from one shard key to another."),
    QE_OBJECT("ReplicatePoints", ReplicatePoints_f, 0, "Points to copy between shard keys."),
    QE_OBJECT("QuotaConfig", QuotaConfig_f, 0,
              "Cluster-wide caps on memory and disk use, enforced while enabled."),
    QE_OBJECT("QuotaStatus", QuotaStatus_f, 0, "Quota settings and how close peers are to them."),
    QE_OBJECT("QuotaUsage", QuotaUsage_f, 0, "Memory and disk use of one node, in percent."),
    QE_OBJECT("PeerQuotaUsage", PeerQuotaUsage_f, 0, "One peer's own account of its quota state."),
};

const qe_model_group qe_models_cluster = {models, QE_COUNTOF(models)};
