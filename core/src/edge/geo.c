/* geo.c — haversine circle, bounding box and point-in-polygon with an exact
 * orientation test (floating-point filter, then exact expansion arithmetic
 * for the rare near-collinear cases). */
#include <float.h>
#include <math.h>

#include "edge/geo.h"

/* Rust's f64::to_radians multiplies by this constant. */
static const double RADS_PER_DEG = 3.14159265358979323846 / 180.0;

double qe_geo_distance(qe_geo_point from, qe_geo_point to) {
  double theta1 = from.lat * RADS_PER_DEG;
  double theta2 = to.lat * RADS_PER_DEG;
  double dtheta = (to.lat - from.lat) * RADS_PER_DEG;
  double dlambda = (to.lon - from.lon) * RADS_PER_DEG;
  double s1 = sin(dtheta / 2.0), s2 = sin(dlambda / 2.0);
  double a = s1 * s1 + cos(theta1) * cos(theta2) * (s2 * s2);
  double c = 2.0 * asin(sqrt(a));
  return QE_GEO_EARTH_RADIUS * c;
}

void qe_geo_circle_init(qe_geo_circle *c, qe_geo_point center, double radius) {
  c->center = center;
  c->radius = radius;
  c->cos_lat = cos(center.lat * RADS_PER_DEG);
}

bool qe_geo_circle_contains(const qe_geo_circle *c, qe_geo_point p) {
  /* Same operations, in the same order, as qe_geo_distance(center, p). */
  double theta2 = p.lat * RADS_PER_DEG;
  double dtheta = (p.lat - c->center.lat) * RADS_PER_DEG;
  double dlambda = (p.lon - c->center.lon) * RADS_PER_DEG;
  double s1 = sin(dtheta / 2.0), s2 = sin(dlambda / 2.0);
  double a = s1 * s1 + c->cos_lat * cos(theta2) * (s2 * s2);
  double d = QE_GEO_EARTH_RADIUS * (2.0 * asin(sqrt(a)));
  return d < c->radius;
}

bool qe_geo_box_contains(const qe_geo_box *b, qe_geo_point p) {
  bool lon_ok;
  if (b->top_left.lon > b->bottom_right.lon)
    lon_ok = p.lon > b->top_left.lon || p.lon < b->bottom_right.lon;
  else
    lon_ok = b->top_left.lon < p.lon && p.lon < b->bottom_right.lon;
  return lon_ok && b->bottom_right.lat < p.lat && p.lat < b->top_left.lat;
}

/* ------------------------------------------------------------ orientation */

static void two_sum(double a, double b, double *x, double *y) {
  double s = a + b;
  double bv = s - a;
  double av = s - bv;
  double br = b - bv;
  double ar = a - av;
  *x = s;
  *y = ar + br;
}

/* Add `b` to the nonoverlapping expansion e[0..*n) (increasing magnitude),
 * dropping zero components. */
static void grow_expansion(double *e, size_t *n, double b) {
  double q = b;
  size_t out = 0;
  for (size_t i = 0; i < *n; i++) {
    double h;
    two_sum(q, e[i], &q, &h);
    if (h != 0.0) e[out++] = h;
  }
  if (q != 0.0) e[out++] = q;
  *n = out;
}

static int orient_exact(qe_geo_point a, qe_geo_point b, qe_geo_point c) {
  /* det = ax*by - ay*bx + bx*cy - by*cx + cx*ay - cy*ax, each product split
   * exactly into a rounded part and its error (via fma). */
  const double f[6][2] = {{a.lon, b.lat},  {-a.lat, b.lon}, {b.lon, c.lat},
                          {-b.lat, c.lon}, {c.lon, a.lat},  {-c.lat, a.lon}};
  double e[12];
  size_t n = 0;
  for (int i = 0; i < 6; i++) {
    double p = f[i][0] * f[i][1];
    double err = fma(f[i][0], f[i][1], -p);
    grow_expansion(e, &n, err);
    grow_expansion(e, &n, p);
  }
  if (n == 0) return 0;
  return e[n - 1] > 0 ? 1 : -1;
}

int qe_geo_orient(qe_geo_point a, qe_geo_point b, qe_geo_point c) {
  double detleft = (a.lon - c.lon) * (b.lat - c.lat);
  double detright = (a.lat - c.lat) * (b.lon - c.lon);
  double det = detleft - detright;
  double bound =
      (3.0 + 16.0 * DBL_EPSILON / 2) * (DBL_EPSILON / 2) * (fabs(detleft) + fabs(detright));
  if (det > bound) return 1;
  if (-det > bound) return -1;
  return orient_exact(a, b, c);
}

/* ------------------------------------------------------------ polygons */

enum { OUTSIDE = 0, INSIDE = 1, ON_BOUNDARY = 2 };

static bool between(double v, double b1, double b2) {
  return b1 < b2 ? (v >= b1 && v <= b2) : (v >= b2 && v <= b1);
}

/* Winding number with an on-boundary short-circuit (geo's
 * coord_pos_relative_to_ring). */
static int ring_position(const qe_geo_ring *r, qe_geo_point c) {
  if (r->n == 0) return OUTSIDE;
  if (r->n == 1) return r->pts[0].lon == c.lon && r->pts[0].lat == c.lat ? ON_BOUNDARY : OUTSIDE;
  int winding = 0;
  for (size_t i = 0; i + 1 < r->n; i++) {
    qe_geo_point s = r->pts[i], e = r->pts[i + 1];
    if (s.lat <= c.lat) {
      if (e.lat >= c.lat) {
        int o = qe_geo_orient(s, e, c);
        if (o > 0 && e.lat != c.lat)
          winding++;
        else if (o == 0 && between(c.lon, s.lon, e.lon))
          return ON_BOUNDARY;
      }
    } else if (e.lat <= c.lat) {
      int o = qe_geo_orient(s, e, c);
      if (o < 0)
        winding--;
      else if (o == 0 && between(c.lon, s.lon, e.lon))
        return ON_BOUNDARY;
    }
  }
  return winding ? INSIDE : OUTSIDE;
}

void qe_geo_polygon_finish(qe_geo_polygon *poly) {
  poly->min_lon = poly->min_lat = INFINITY;
  poly->max_lon = poly->max_lat = -INFINITY;
  if (poly->nrings == 0) return;
  const qe_geo_ring *ext = &poly->rings[0];
  for (size_t i = 0; i < ext->n; i++) {
    poly->min_lon = fmin(poly->min_lon, ext->pts[i].lon);
    poly->max_lon = fmax(poly->max_lon, ext->pts[i].lon);
    poly->min_lat = fmin(poly->min_lat, ext->pts[i].lat);
    poly->max_lat = fmax(poly->max_lat, ext->pts[i].lat);
  }
}

bool qe_geo_polygon_contains(const qe_geo_polygon *poly, qe_geo_point p) {
  if (poly->nrings == 0) return false;
  if (!(p.lon >= poly->min_lon && p.lon <= poly->max_lon && p.lat >= poly->min_lat &&
        p.lat <= poly->max_lat))
    return false; /* outside the exterior's bounds: cannot be inside */
  if (ring_position(&poly->rings[0], p) != INSIDE) return false;
  for (size_t i = 1; i < poly->nrings; i++)
    if (ring_position(&poly->rings[i], p) != OUTSIDE) return false;
  return true;
}
