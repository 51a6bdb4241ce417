/* geo.h — the geometry behind Qdrant's geo conditions, computed as the Rust
 * `geo` crate does for Qdrant (lib/segment/src/types.rs):
 *
 *   - radius: haversine distance on a sphere of 6 371 008.8 m (geo's
 *     `Haversine`, the GRS80 mean radius), matched when distance < radius;
 *   - bounding box: strictly inside both ranges; when top_left.lon >
 *     bottom_right.lon the box crosses the antimeridian;
 *   - polygon: strictly inside the exterior ring and outside every hole
 *     (points on any ring are outside), by winding number with an exact
 *     orientation predicate, as geo's `Polygon::contains`.
 */
#ifndef QEDGE_EDGE_GEO_H
#define QEDGE_EDGE_GEO_H

#include <stdbool.h>
#include <stddef.h>

/** Mean earth radius in meters used by Qdrant's geo radius. */
#define QE_GEO_EARTH_RADIUS 6371008.8

/** A point in degrees. */
typedef struct qe_geo_point {
  double lon, lat;
} qe_geo_point;

/** Haversine distance in meters from `from` to `to`. */
double qe_geo_distance(qe_geo_point from, qe_geo_point to);

/** A circle with its centre's trigonometry precomputed. */
typedef struct qe_geo_circle {
  qe_geo_point center;
  double radius;
  double cos_lat; /* cos of the centre's latitude in radians */
} qe_geo_circle;

/** Prepare a circle of `radius` meters around `center`. */
void qe_geo_circle_init(qe_geo_circle *c, qe_geo_point center, double radius);

/** Is `p` strictly closer than the radius to the centre? */
bool qe_geo_circle_contains(const qe_geo_circle *c, qe_geo_point p);

/** A rectangle given by its north-west and south-east corners. */
typedef struct qe_geo_box {
  qe_geo_point top_left, bottom_right;
} qe_geo_box;

/** Is `p` strictly inside the box (antimeridian-aware)? */
bool qe_geo_box_contains(const qe_geo_box *b, qe_geo_point p);

/** A closed ring of points (first == last). */
typedef struct qe_geo_ring {
  qe_geo_point *pts;
  size_t n;
} qe_geo_ring;

/** A polygon: ring 0 is the exterior, the others are holes. */
typedef struct qe_geo_polygon {
  qe_geo_ring *rings;
  size_t nrings;
  double min_lon, max_lon, min_lat, max_lat; /* bounds of the exterior */
} qe_geo_polygon;

/** Compute the exterior's bounds (call once the rings are filled in). */
void qe_geo_polygon_finish(qe_geo_polygon *poly);

/** Is `p` in the polygon's interior (not on any ring, not in a hole)? */
bool qe_geo_polygon_contains(const qe_geo_polygon *poly, qe_geo_point p);

/**
 * The sign of the orientation of c relative to the line a->b, computed
 * exactly: >0 counter-clockwise (c left of a->b), <0 clockwise, 0 collinear.
 */
int qe_geo_orient(qe_geo_point a, qe_geo_point b, qe_geo_point c);

#endif
