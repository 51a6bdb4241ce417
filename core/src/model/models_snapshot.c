/*
 * models_snapshot.c — snapshot descriptions and recovery requests.
 */

#include "model/desc.h"

static const qe_field_desc SnapshotDescription_f[] = {
    QE_FIELD("name", "string", QE_REQ, NULL, "File name."),
    QE_FIELD("creation_time", "string", 0, NULL, "When it was made (UTC), if known."),
    QE_FIELD("size", "uint", QE_REQ, NULL, "Size in bytes."),
    QE_FIELD("checksum", "string", 0, NULL, "SHA-256 of the file, hex encoded."),
};

static const qe_field_desc SnapshotRecover_f[] = {
    QE_FIELD("location", "string", QE_REQ, NULL, "URL or `file://` path of the snapshot."),
    QE_FIELD("priority", "SnapshotPriority", 0, NULL,
             "Which copy wins when other replicas hold data."),
    QE_FIELD("checksum", "string", 0, NULL,
             "Expected SHA-256; the snapshot is checked before use."),
    QE_FIELD("api_key", "string", 0, NULL,
             "Key for the server that hosts the snapshot, if it needs one."),
};

static const char *const SnapshotPriority_v[] = {"no_sync", "snapshot", "replica", NULL};

static const qe_field_desc ShardSnapshotRecover_f[] = {
    QE_FIELD("location", "ShardSnapshotLocation", QE_REQ, NULL,
             "URL or local path of the snapshot."),
    QE_FIELD("priority", "SnapshotPriority", 0, NULL,
             "Which copy wins when other replicas hold data."),
    QE_FIELD("checksum", "string", 0, NULL,
             "Expected SHA-256; the snapshot is checked before use."),
    QE_FIELD("api_key", "string", 0, NULL,
             "Key for the server that hosts the snapshot, if it needs one."),
};

static const qe_model_desc models[] = {
    QE_OBJECT("SnapshotDescription", SnapshotDescription_f, 0, "A snapshot file on the server."),
    QE_OBJECT("SnapshotRecover", SnapshotRecover_f, 0, "Restore a collection from a snapshot."),
    QE_ENUM("SnapshotPriority", SnapshotPriority_v,
            "Source of truth after recovery: no_sync, snapshot or replica."),
    QE_OBJECT("ShardSnapshotRecover", ShardSnapshotRecover_f, 0,
              "Restore one shard from a snapshot."),
    QE_UNION("ShardSnapshotLocation", "string", "URL or local path of a shard snapshot."),
};

const qe_model_group qe_models_snapshot = {models, QE_COUNTOF(models)};
