#ifndef QUBE_CPOSIX_H
#define QUBE_CPOSIX_H

/// Atomically exchanges the directory entries `a` and `b` (both must exist): Linux
/// renameat2(RENAME_EXCHANGE), macOS renamex_np(RENAME_SWAP). Returns 0, or -1 with errno set
/// (EINVAL or ENOTSUP where the file system cannot exchange, ENOSYS elsewhere).
int qube_exchange_paths(const char *a, const char *b);

/// Flushes every written file of the file system that holds `path` to stable storage in one call:
/// Linux syncfs(2); sync(2) elsewhere. Returns 0, or -1 with errno set.
int qube_sync_file_system(const char *path);

#endif
