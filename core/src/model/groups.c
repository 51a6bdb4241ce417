/*
 * groups.c — the list of model groups the registry is built from.
 *
 * Each models_<group>.c file exports one qe_model_group; add a new file's
 * group here (order does not matter: the registry sorts all names).
 */
#include "model/desc.h"

extern const qe_model_group qe_models_common;
extern const qe_model_group qe_models_filter;
extern const qe_model_group qe_models_points;
extern const qe_model_group qe_models_query;
extern const qe_model_group qe_models_scroll;
extern const qe_model_group qe_models_collection;
extern const qe_model_group qe_models_snapshot;
extern const qe_model_group qe_models_cluster;
extern const qe_model_group qe_models_edge;
extern const qe_model_group qe_models_edge_ops;

const qe_model_group *const qe_model_groups[] = {
    &qe_models_common,
    &qe_models_filter,
    &qe_models_points,
    &qe_models_query,
    &qe_models_scroll,
    &qe_models_collection,
    &qe_models_snapshot,
    &qe_models_cluster,
    &qe_models_edge,
    &qe_models_edge_ops,
    NULL,
};
