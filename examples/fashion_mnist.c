/* fashion_mnist.c — the edge shard on real data: the 60,000 Fashion-MNIST
 * training images (784 pixels each, Euclid) with their labels as payload,
 * queried with test images exactly, with and without a label filter, and
 * checked against a brute-force scan of the same pixels.
 *
 * Usage: example_fashion_mnist [--data DIR] [--queries N] [--keep DIR]
 *   DIR defaults to /usr/share/datasets/fashion-mnist (Debian package
 *   dataset-fashion-mnist: IDX files, gzip-compressed, read through gzip -dc).
 *   --keep DIR writes the shard there and leaves it; otherwise a temporary
 *   directory is used and removed. */
#define _DEFAULT_SOURCE /* mkdtemp, popen */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "qedge/qedge.h"

#define DIM   784
#define TOPK  10
#define BATCH 1000

static const char *const class_names[10] = {"T-shirt/top", "Trouser",   "Pullover", "Dress",
                                            "Coat",        "Sandal",    "Shirt",    "Sneaker",
                                            "Bag",         "Ankle boot"};

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what, const qe_error *err) {
  char msg[QE_ERROR_PATH_MAX + QE_ERROR_MESSAGE_MAX + 2];
  fprintf(stderr, "%s: %s\n", what, err ? qe_error_format(err, msg, sizeof msg) : "failed");
  exit(1);
}

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Read an IDX file (gzip) with `ndims` dimensions after the count: returns
 * the bytes (count * item) and sets *count. Exits with a message on error. */
static unsigned char *read_idx(const char *dir, const char *name, uint32_t magic, int ndims,
                               size_t item, size_t *count) {
  char cmd[4400];
  snprintf(cmd, sizeof cmd, "gzip -dc '%s/%s'", dir, name);
  FILE *f = popen(cmd, "r");
  unsigned char head[16];
  size_t hlen = 4 + 4 * (size_t)ndims;
  if (!f || fread(head, 1, hlen, f) != hlen || be32(head) != magic) {
    fprintf(stderr,
            "cannot read %s/%s (install the Debian package dataset-fashion-mnist, "
            "or pass --data DIR)\n",
            dir, name);
    exit(1);
  }
  size_t n = be32(head + 4), per = 1;
  for (int d = 1; d < ndims; d++)
    per *= be32(head + 4 + 4 * (size_t)d);
  if (per != item) {
    fprintf(stderr, "%s: unexpected item size %zu\n", name, per);
    exit(1);
  }
  unsigned char *data = malloc(n * item);
  if (!data || fread(data, item, n, f) != n || pclose(f) != 0) {
    fprintf(stderr, "%s: short or unreadable\n", name);
    exit(1);
  }
  *count = n;
  return data;
}

static qe_json *f32_row(const unsigned char *px) {
  qe_json *v = qe_json_new_f32_zeroed(DIM);
  float *d = qe_json_f32_data(v, NULL);
  for (size_t i = 0; i < DIM; i++)
    d[i] = (float)px[i];
  return v;
}

/* {"key": "label", "match": {"value": label}} as a filter's only must. */
static qe_json *label_filter(int label) {
  qe_json *match = qe_json_new_object(), *cond = qe_json_new_object();
  qe_json *must = qe_json_new_array(), *filter = qe_json_new_object();
  qe_json_object_set(match, "value", qe_json_new_int(label));
  qe_json_object_set(cond, "key", qe_json_new_cstr("label"));
  qe_json_object_set(cond, "match", match);
  qe_json_array_push(must, cond);
  qe_json_object_set(filter, "must", must);
  return filter;
}

/* Exact squared distance of two images (integers: no rounding at all). */
static uint32_t dist2(const unsigned char *a, const unsigned char *b) {
  uint32_t s = 0;
  for (size_t i = 0; i < DIM; i++) {
    int d = (int)a[i] - (int)b[i];
    s += (uint32_t)(d * d);
  }
  return s;
}

/* The k-th smallest exact distance from `q` to the training images (those
 * with label `only`, or all when only < 0): the brute-force answer's edge. */
static uint32_t brute_kth(const unsigned char *train, const unsigned char *labels, size_t n,
                          const unsigned char *q, int only) {
  uint32_t best[TOPK];
  for (int i = 0; i < TOPK; i++)
    best[i] = UINT32_MAX;
  for (size_t r = 0; r < n; r++) {
    if (only >= 0 && labels[r] != only) continue;
    uint32_t d = dist2(train + r * DIM, q);
    if (d >= best[TOPK - 1]) continue;
    int j = TOPK - 1;
    while (j > 0 && best[j - 1] > d) {
      best[j] = best[j - 1];
      j--;
    }
    best[j] = d;
  }
  return best[TOPK - 1];
}

typedef struct run {
  double seconds; /* in qe_shard_query */
  size_t found;   /* results within the brute-force top-k distance */
  size_t correct; /* majority label of the neighbours = true label */
  size_t asked;
} run;

static void query_all(qe_shard *shard, const unsigned char *train, const unsigned char *labels,
                      size_t n, const unsigned char *test, const unsigned char *test_labels,
                      size_t nq, int filtered, run *out) {
  memset(out, 0, sizeof *out);
  qe_error err = {0};
  for (size_t i = 0; i < nq; i++) {
    const unsigned char *q = test + i * DIM;
    qe_json *req = qe_json_new_object(), *params = qe_json_new_object();
    qe_json_object_set(req, "query", f32_row(q));
    qe_json_object_set(req, "limit", qe_json_new_int(TOPK));
    qe_json_object_set(params, "exact", qe_json_new_bool(true));
    qe_json_object_set(req, "params", params);
    if (filtered) qe_json_object_set(req, "filter", label_filter(test_labels[i]));
    qe_json *points = NULL;
    double t0 = now();
    if (qe_shard_query(shard, req, &points, &err)) die("query", &err);
    out->seconds += now() - t0;
    qe_json_free(req);
    uint32_t kth = brute_kth(train, labels, n, q, filtered ? test_labels[i] : -1);
    int votes[10] = {0};
    for (size_t j = 0; j < qe_json_array_len(points); j++) {
      uint64_t id = 0;
      qe_json_get_u64(qe_json_object_get(qe_json_array_at(points, j), "id"), &id);
      if (id >= n) die("query answered an unknown id", NULL);
      if (dist2(train + id * DIM, q) <= kth) out->found++;
      votes[labels[id]]++;
    }
    int best = 0;
    for (int c = 1; c < 10; c++)
      if (votes[c] > votes[best]) best = c;
    out->correct += best == test_labels[i];
    out->asked += TOPK;
    qe_json_free(points);
  }
}

int main(int argc, char **argv) {
  const char *data_dir = "/usr/share/datasets/fashion-mnist", *keep = NULL;
  size_t nq = 100;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--data") && i + 1 < argc) {
      data_dir = argv[++i];
    } else if (!strcmp(argv[i], "--queries") && i + 1 < argc) {
      nq = (size_t)strtoul(argv[++i], NULL, 10);
    } else if (!strcmp(argv[i], "--keep") && i + 1 < argc) {
      keep = argv[++i];
    } else {
      fprintf(stderr, "usage: %s [--data DIR] [--queries N] [--keep DIR]\n", argv[0]);
      return 2;
    }
  }
  size_t n, nl, nt, ntl;
  double t0 = now();
  unsigned char *train = read_idx(data_dir, "train-images-idx3-ubyte.gz", 0x803, 3, DIM, &n);
  unsigned char *labels = read_idx(data_dir, "train-labels-idx1-ubyte.gz", 0x801, 1, 1, &nl);
  unsigned char *test = read_idx(data_dir, "t10k-images-idx3-ubyte.gz", 0x803, 3, DIM, &nt);
  unsigned char *test_labels = read_idx(data_dir, "t10k-labels-idx1-ubyte.gz", 0x801, 1, 1, &ntl);
  if (n != nl || nt != ntl) die("image and label counts differ", NULL);
  if (nq > nt) nq = nt;
  printf("Fashion-MNIST: %zu training and %zu test images of %d pixels, read in %.2f s\n", n, nt,
         DIM, now() - t0);

  char tmpl[] = "/tmp/qedge-fashion-XXXXXX";
  const char *dir = keep ? keep : mkdtemp(tmpl);
  if (!dir) die("mkdtemp", NULL);
  char path[4096];
  snprintf(path, sizeof path, "%s/shard", dir);
  qe_error err = {0};
  qe_shard *shard = NULL;
  qe_json *config = NULL;
  const char *cfg = "{\"vectors\": {\"size\": 784, \"distance\": \"Euclid\"}}";
  if (qe_json_parse(cfg, strlen(cfg), NULL, &config, &err)) die("config", &err);
  if (qe_shard_create(path, config, NULL, &shard, &err)) die("create", &err);
  qe_json_free(config);

  /* ingest: batches of 1000 points, each durable (fsynced) when it returns */
  t0 = now();
  for (size_t b = 0; b < n; b += BATCH) {
    qe_json *pts = qe_json_new_array();
    for (size_t i = b; i < n && i < b + BATCH; i++) {
      qe_json *p = qe_json_new_object(), *payload = qe_json_new_object();
      qe_json_object_set(payload, "label", qe_json_new_int(labels[i]));
      qe_json_object_set(payload, "class", qe_json_new_cstr(class_names[labels[i]]));
      qe_json_object_set(p, "id", qe_json_new_uint(i));
      qe_json_object_set(p, "vector", f32_row(train + i * DIM));
      qe_json_object_set(p, "payload", payload);
      if (qe_json_array_push(pts, p)) die("out of memory", NULL);
    }
    qe_json *body = qe_json_new_object(), *op = qe_json_new_object();
    qe_json_object_set(body, "points", pts);
    qe_json_object_set(op, "upsert_points", body);
    if (qe_shard_update(shard, op, NULL, &err)) die("upsert", &err);
    qe_json_free(op);
  }
  double ingest = now() - t0;
  t0 = now();
  if (qe_shard_flush(shard, &err)) die("flush", &err);
  double flush = now() - t0;
  printf("ingest: %zu points in %.2f s (%.0f points/s, %.0f MB/s of vectors; fsync per batch "
         "of %d), flush %.2f s\n",
         n, ingest, (double)n / ingest, (double)n * DIM * 4 / ingest / 1e6, BATCH, flush);

  run plain, filt;
  query_all(shard, train, labels, n, test, test_labels, nq, 0, &plain);
  query_all(shard, train, labels, n, test, test_labels, nq, 1, &filt);
  printf("exact top-%d of %zu test images: %.2f ms/query (%.1f GB/s of vectors), recall vs brute "
         "force %.3f, k-NN label accuracy %.1f%%\n",
         TOPK, nq, plain.seconds / (double)nq * 1e3,
         (double)n * DIM * 4 * (double)nq / plain.seconds / 1e9,
         (double)plain.found / (double)plain.asked, 100.0 * (double)plain.correct / (double)nq);
  printf("same, filtered by the true label: %.2f ms/query, recall vs brute force %.3f\n",
         filt.seconds / (double)nq * 1e3, (double)filt.found / (double)filt.asked);

  if (qe_shard_close(shard, &err)) die("close", &err);
  t0 = now();
  if (qe_shard_open(path, NULL, NULL, &shard, &err)) die("reopen", &err);
  double reopen = now() - t0;
  run again;
  query_all(shard, train, labels, n, test, test_labels, 1, 0, &again);
  printf("reopen: %.1f ms; first query after it %.1f ms\n", reopen * 1e3, again.seconds * 1e3);
  qe_shard_close(shard, NULL);
  /* float32 sums may order a near tie differently from the exact integers */
  int ok = plain.found >= plain.asked * 99 / 100 && filt.found >= filt.asked * 99 / 100;
  if (!keep) {
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) ok = 0;
  }
  free(train);
  free(labels);
  free(test);
  free(test_labels);
  if (!ok) fprintf(stderr, "some results were not among the exact nearest neighbours\n");
  return ok ? 0 : 1;
}
