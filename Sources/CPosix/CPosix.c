#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "CPosix.h"

int qube_exchange_paths(const char *a, const char *b) {
#if defined(__linux__)
    return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#elif defined(__APPLE__)
    return renamex_np(a, b, RENAME_SWAP);
#else
    (void)a;
    (void)b;
    errno = ENOSYS;
    return -1;
#endif
}

int qube_sync_file_system(const char *path) {
#if defined(__linux__)
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -1;
    int status = syncfs(fd);
    int saved = errno;
    close(fd);
    errno = saved;
    return status;
#else
    (void)path;
    sync();
    return 0;
#endif
}
