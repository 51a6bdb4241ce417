/*
 * buffer.c — objects exporting the buffer protocol (numpy arrays, array.array,
 * memoryview, numpy scalars) → qe_json.
 *
 * Float data ('e', 'f', 'd') becomes packed float32 read straight from the
 * exporter's memory, without a Python float per element. Integer data stays
 * exact (an array of integers): a model check turns it into float32 where a
 * vector is expected, and keeps it exact where ids or indices are expected.
 * Boolean data ('?') becomes JSON booleans.
 * Any strides and either byte order are accepted; numpy is never linked.
 */
#include <string.h>

#include "qepy.h"

/** Element type of a buffer, decoded from its struct-module format. */
typedef struct elem_fmt {
  enum { EK_SIGNED, EK_UNSIGNED, EK_FLOAT, EK_BOOL } kind;
  size_t size; /**< bytes per element */
  int swap;    /**< byte order differs from the host's */
} elem_fmt;

static int host_is_little(void) {
  const uint16_t one = 1;
  unsigned char first;
  memcpy(&first, &one, 1);
  return first == 1;
}

/** Decode a single-item format such as "<f", "d", "=q". 0 or -1 with msg. */
static int parse_format(const char *fmt, Py_ssize_t itemsize, elem_fmt *ef, char *msg,
                        size_t msgsz) {
  const char *f = fmt ? fmt : "B";
  int little = host_is_little();
  ef->swap = 0;
  switch (*f) {
  case '@':
  case '=':
    f++;
    break;
  case '<':
    ef->swap = !little;
    f++;
    break;
  case '>':
  case '!':
    ef->swap = little;
    f++;
    break;
  default:
    break;
  }
  char code = *f;
  if (code == '\0' || f[1] != '\0') goto unsupported;
  if (strchr("bhilqn", code)) {
    ef->kind = EK_SIGNED;
  } else if (strchr("BHILQN", code)) {
    ef->kind = EK_UNSIGNED;
  } else if (code == 'e' || code == 'f' || code == 'd') {
    ef->kind = EK_FLOAT;
  } else if (code == '?') {
    ef->kind = EK_BOOL;
  } else {
    goto unsupported;
  }
  ef->size = (size_t)itemsize;
  if (ef->kind == EK_FLOAT ? (itemsize != (code == 'e'   ? 2
                                           : code == 'f' ? 4
                                                         : 8))
                           : (itemsize != 1 && itemsize != 2 && itemsize != 4 && itemsize != 8))
    goto unsupported;
  return 0;
unsupported:
  snprintf(msg, msgsz, "unsupported element format '%.20s' (expected numbers)", fmt);
  return -1;
}

/** Copy one element into `out` in host byte order. */
static void load(const char *p, const elem_fmt *ef, unsigned char out[8]) {
  if (!ef->swap) {
    memcpy(out, p, ef->size);
    return;
  }
  for (size_t i = 0; i < ef->size; i++)
    out[i] = (unsigned char)p[ef->size - 1 - i];
}

/** IEEE 754 half → float, exactly (every half is a float). */
static float half_to_float(uint16_t h) {
  uint32_t sign = (uint32_t)(h >> 15) << 31;
  uint32_t exp = (h >> 10) & 0x1f, mant = h & 0x3ff, bits;
  if (exp == 0x1f) {
    bits = sign | 0x7f800000u | (mant << 13);
  } else if (exp != 0) {
    bits = sign | ((exp + 112) << 23) | (mant << 13);
  } else if (mant == 0) {
    bits = sign;
  } else { /* subnormal half: normalise */
    int e = -14;
    while (!(mant & 0x400)) {
      mant <<= 1;
      e--;
    }
    bits = sign | ((uint32_t)(e + 127) << 23) | ((mant & 0x3ff) << 13);
  }
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

/** A float element as a double (float32 and half values exactly). */
static double load_float(const char *p, const elem_fmt *ef) {
  unsigned char b[8];
  load(p, ef, b);
  if (ef->size == 2) {
    uint16_t h;
    memcpy(&h, b, 2);
    return half_to_float(h);
  }
  if (ef->size == 4) {
    float f;
    memcpy(&f, b, 4);
    return f;
  }
  double d;
  memcpy(&d, b, 8);
  return d;
}

/** An integer (or bool) element as a new qe_json value. */
static qe_json *load_int(const char *p, const elem_fmt *ef) {
  unsigned char b[8];
  load(p, ef, b);
  if (ef->kind == EK_BOOL) return qe_json_new_bool(b[0] != 0);
  if (ef->kind == EK_UNSIGNED) {
    uint64_t u = 0;
    switch (ef->size) {
    case 1:
      u = b[0];
      break;
    case 2: {
      uint16_t x;
      memcpy(&x, b, 2);
      u = x;
      break;
    }
    case 4: {
      uint32_t x;
      memcpy(&x, b, 4);
      u = x;
      break;
    }
    default:
      memcpy(&u, b, 8);
      break;
    }
    return qe_json_new_uint(u);
  }
  int64_t i = 0;
  switch (ef->size) {
  case 1: {
    int8_t x;
    memcpy(&x, b, 1);
    i = x;
    break;
  }
  case 2: {
    int16_t x;
    memcpy(&x, b, 2);
    i = x;
    break;
  }
  case 4: {
    int32_t x;
    memcpy(&x, b, 4);
    i = x;
    break;
  }
  default:
    memcpy(&i, b, 8);
    break;
  }
  return qe_json_new_int(i);
}

/** One row of `n` elements, `stride` bytes apart, starting at `p`. */
static qe_json *load_row(const char *p, Py_ssize_t n, Py_ssize_t stride, const elem_fmt *ef,
                         size_t *nodes) {
  if (ef->kind == EK_FLOAT) {
    qe_json *v = qe_json_new_f32_zeroed((size_t)n);
    if (v == NULL) return NULL;
    float *dst = qe_json_f32_data(v, NULL);
    if (ef->size == 4 && !ef->swap && stride == 4) {
      if (n > 0) memcpy(dst, p, (size_t)n * 4);
    } else {
      for (Py_ssize_t i = 0; i < n; i++)
        dst[i] = (float)load_float(p + i * stride, ef);
    }
    *nodes += (size_t)n + 1;
    return v;
  }
  qe_json *arr = qe_json_new_array();
  for (Py_ssize_t i = 0; arr != NULL && i < n; i++) {
    qe_json *x = load_int(p + i * stride, ef);
    if (x == NULL || qe_json_array_push(arr, x) != 0) {
      qe_json_free(arr);
      return NULL;
    }
  }
  *nodes += (size_t)n + 1;
  return arr;
}

/** A 0-d buffer (numpy scalar) → one number. */
static qe_json *load_scalar(const char *p, const elem_fmt *ef, size_t *nodes) {
  (*nodes)++;
  if (ef->kind != EK_FLOAT) return load_int(p, ef);
  double d = load_float(p, ef);
  /* A float32 or half scalar reads as the shortest decimal it stands for. */
  return qe_json_new_double(ef->size == 8 ? d : qepy_f32_to_double((float)d));
}

qepy_buf_result qepy_buffer_to_json(PyObject *obj, qe_json **out, size_t *nodes, char *msg,
                                    size_t msgsz) {
  Py_buffer view;
  *out = NULL;
  if (PyObject_GetBuffer(obj, &view, PyBUF_RECORDS_RO) != 0) {
    PyErr_Clear();
    if (!PyObject_CheckBuffer(obj)) return QEPY_BUF_NOT_BUFFER;
    snprintf(msg, msgsz, "its buffer cannot be read as a strided array");
    return QEPY_BUF_BAD;
  }
  qepy_buf_result res = QEPY_BUF_OK;
  elem_fmt ef;
  if (parse_format(view.format, view.itemsize, &ef, msg, msgsz) != 0) {
    res = QEPY_BUF_BAD;
  } else if (view.ndim == 0) {
    *out = load_scalar(view.buf, &ef, nodes);
  } else if (view.ndim == 1) {
    *out = load_row(view.buf, view.shape[0], view.strides[0], &ef, nodes);
  } else if (view.ndim == 2) {
    *out = qe_json_new_array();
    for (Py_ssize_t r = 0; *out != NULL && r < view.shape[0]; r++) {
      const char *row = (const char *)view.buf + r * view.strides[0];
      qe_json *x = load_row(row, view.shape[1], view.strides[1], &ef, nodes);
      if (x == NULL || qe_json_array_push(*out, x) != 0) {
        qe_json_free(*out);
        *out = NULL;
      }
    }
    (*nodes)++;
  } else {
    snprintf(msg, msgsz, "arrays of %d dimensions are not supported (at most 2)", view.ndim);
    res = QEPY_BUF_BAD;
  }
  if (res == QEPY_BUF_OK && *out == NULL) res = QEPY_BUF_NOMEM;
  PyBuffer_Release(&view);
  return res;
}
