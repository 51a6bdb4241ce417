/* wal.h — the write-ahead log: CRC-framed records in numbered files.
 *
 * A record is one update operation (its JSON text) with a sequence number.
 * Frame (little-endian): u32 magic "QEWR", u32 payload length, u64 seq,
 * u32 CRC-32C of (seq bytes + payload), payload bytes. Files are
 * `<dir>/<first seq, 20 digits>.log`; a file's name is the lowest live seq it
 * may hold (records below it are dead, left behind by qe_wal_truncate) and
 * every record in it is below the next file's name. A torn or corrupt tail of
 * the last file (a crash while appending) ends the log at the last good record
 * and is truncated on open; corruption before the tail is QE_ECORRUPT. The
 * layout is specified in docs/FORMAT.md, "Write-ahead log".
 *
 * Thread-safety: one writer; callers serialise every call on a handle. The
 * directory is locked (flock) while a handle is open, so a second open of the
 * same log, in this or another process, fails with QE_EBUSY.
 */
#ifndef QEDGE_EDGE_WAL_H
#define QEDGE_EDGE_WAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qedge/error.h"

/** Largest record payload accepted (256 MiB); larger appends are QE_ELIMIT. */
#define QE_WAL_MAX_RECORD ((size_t)256 << 20)
/** Default size after which appends start a new file (32 MiB). */
#define QE_WAL_ROTATE_SIZE ((uint64_t)32 << 20)
/** Bytes of a record frame before the payload. */
#define QE_WAL_HEADER_SIZE 20

typedef struct qe_wal qe_wal;

/** Open (creating `dir` if missing; its parent must exist) for appending.
 *  Validates every file, truncates a torn tail of the last one; `*last_seq`
 *  (optional) receives the highest seq the log has consumed: the last good
 *  record's seq, or the truncation point when qe_wal_truncate removed every
 *  record (0 for a new log). Appends must use larger seqs. QE_ECORRUPT names
 *  the file and byte offset; QE_EBUSY if the log is already open. */
int qe_wal_open(const char *dir, qe_wal **out, uint64_t *last_seq, qe_error *err);
/** Close (fsyncs what was appended first; errors are ignored — call
 *  qe_wal_sync before when they matter). NULL ok. */
void qe_wal_close(qe_wal *w);

/** Append one record with `seq` (must be greater than every earlier seq and
 *  the truncation point: else QE_EINVAL). One write(2) per record; not
 *  durable until qe_wal_sync. QE_ELIMIT if `len` > QE_WAL_MAX_RECORD. When the
 *  write fails the file is cut back to its previous end (QE_EIO); if even
 *  that fails the handle refuses further writes (QE_ESTATE). */
int qe_wal_append(qe_wal *w, uint64_t seq, const void *data, size_t len, qe_error *err);
/** Make every record appended so far durable: fdatasync the current file and
 *  fsync the directory when a file was created since the last sync. After a
 *  failed sync the handle refuses further writes (QE_ESTATE); reopen it. */
int qe_wal_sync(qe_wal *w, qe_error *err);

/**
 * Group commit, first half: call under the writer's lock. Takes what an
 * fdatasync of everything appended so far needs, so that the sync itself can
 * run without the lock while other writers append: `*fd` receives a
 * duplicate of the current file's descriptor (-1 when nothing is unsynced;
 * when a new file's directory entry is pending, the whole sync is done here
 * and `*fd` is -1).
 */
int qe_wal_sync_begin(qe_wal *w, int *fd, qe_error *err);
/** Group commit, second half, without the lock: fdatasync and close `fd`.
 *  On failure the caller must treat the log as broken (reopen). */
int qe_wal_sync_end(int fd, qe_error *err);

/** Callback per replayed record. `data` holds `len` bytes followed by a NUL
 *  (not part of the record) and is valid only during the call. Return
 *  non-zero to stop the replay: qe_wal_replay then returns that code and
 *  leaves `err` untouched (the callback may have filled it). The callback
 *  must not call into the same log. */
typedef int (*qe_wal_replay_fn)(void *ud, uint64_t seq, const char *data, size_t len);
/** Replay every live record with seq > `after`, in order, including records
 *  appended through this handle. Reads through a reusable buffer sized to the
 *  largest record, never a whole file. QE_ECORRUPT if a file changed under
 *  the log since it was opened. */
int qe_wal_replay(qe_wal *w, uint64_t after, qe_wal_replay_fn fn, void *ud, qe_error *err);

/** Drop every record with seq <= `upto` (after a durable flush). When `upto`
 *  >= the last seq, every file is replaced by one empty file named upto + 1
 *  (so the truncation point survives a reopen and later appends need seq >
 *  upto). Otherwise files holding only records <= upto are unlinked, the
 *  first remaining file is renamed to upto + 1 (its older records become
 *  dead) and the next append starts a new file. The directory is fsynced
 *  before returning. QE_EINVAL if `upto` is UINT64_MAX. */
int qe_wal_truncate(qe_wal *w, uint64_t upto, qe_error *err);

/** Bytes currently held in log files (live and dead records). */
uint64_t qe_wal_size(const qe_wal *w);

/** Change the rotation size (for tests; 0 restores QE_WAL_ROTATE_SIZE). A
 *  file holding records is closed and a new one started when the next record
 *  would take it past this size. */
void qe_wal_set_rotate_size(qe_wal *w, uint64_t bytes);

#endif
