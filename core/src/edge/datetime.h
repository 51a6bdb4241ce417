/* datetime.h — date-times as Qdrant reads them (payload values and
 * datetime range bounds), emulating the chrono parsers Qdrant chains in
 * `DateTimePayloadType::from_str` (lib/segment/src/types.rs):
 *
 *   - RFC 3339, and chrono's relaxed form of it (`DateTime::from_str`): a
 *     `T`, `t` or space between date and time, unpadded numbers, whitespace
 *     between components, `Z`, `UTC` or an offset with or without colon;
 *   - `%Y-%m-%dT%H:%M:%S%.f%#z` and `%Y-%m-%d %H:%M:%S%.f%#z` (offset `+HH`,
 *     `+HHMM`, `+HH:MM` or `Z`);
 *   - naive `%Y-%m-%dT%H:%M:%S%.f`, `%Y-%m-%d %H:%M:%S%.f`,
 *     `%Y-%m-%dT%H:%M`, `%Y-%m-%d %H:%M` and `%Y-%m-%d`, taken as UTC.
 *
 * Offsets are converted to UTC; fractions are kept to the microsecond
 * (further digits are dropped, never rounded). A leap second (`:60`) is
 * kept as chrono keeps it: the 59th second plus a full extra second of
 * fraction, so it sorts after `:59.999999` and before the next minute.
 */
#ifndef QEDGE_EDGE_DATETIME_H
#define QEDGE_EDGE_DATETIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** A UTC instant: whole seconds since the Unix epoch plus microseconds,
 *  0..999999 (up to 1999999 during a leap second). */
typedef struct qe_datetime {
  int64_t secs;
  int32_t micros;
} qe_datetime;

/** Parse `len` bytes in any accepted form; false if none accepts it. */
bool qe_datetime_parse(const char *s, size_t len, qe_datetime *out);

/** Order of two instants: <0, 0, >0 (the order Qdrant's range uses). */
int qe_datetime_cmp(const qe_datetime *a, const qe_datetime *b);

/** Microseconds since the Unix epoch (chrono's `timestamp_micros`: a leap
 *  second reads as the next second's first microseconds). */
int64_t qe_datetime_micros(const qe_datetime *dt);

/**
 * Parse a datetime as Qdrant does into microseconds since the Unix epoch
 * (qe_datetime_parse + qe_datetime_micros).
 */
bool qe_parse_datetime(const char *s, size_t len, int64_t *micros);

#endif
