// Linux calls that Glibc's Swift module does not export, wrapped so Swift sees plain
// (unpacked) structs and ints. Every function returns -1 and leaves errno set on failure.
#ifndef CATTENDSYS_H
#define CATTENDSYS_H

#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

/// One ready file descriptor, as epoll reported it. (`struct epoll_event` is packed on x86_64.)
typedef struct {
    uint32_t events;
    uint64_t token;
} attend_event;

int attend_epoll_create(void);
int attend_epoll_add(int epfd, int fd, uint32_t events, uint64_t token);
int attend_epoll_modify(int epfd, int fd, uint32_t events, uint64_t token);
int attend_epoll_remove(int epfd, int fd);
int attend_epoll_wait(int epfd, attend_event *events, int capacity, int timeout_ms);

/// A non-blocking eventfd used to wake the event loop from another thread.
int attend_eventfd(void);
int attend_eventfd_signal(int fd);
int attend_eventfd_drain(int fd);

/// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread (call before starting threads)
/// and returns a non-blocking signalfd that reports them.
int attend_signalfd(void);
/// Reads one pending signal number from a signalfd, 0 when none is pending.
int attend_signalfd_read(int fd);

/// A non-blocking periodic monotonic timer.
int attend_timerfd(int interval_ms);
int attend_timerfd_drain(int fd);

/// Ignores SIGPIPE and SIGXFSZ: a peer that went away must give EPIPE, and a file-size limit
/// EFBIG (storage unavailable), not kill the daemon.
void attend_ignore_sigpipe(void);

/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC (accept4 needs _GNU_SOURCE, which Swift's Glibc lacks).
int attend_accept(int fd, struct sockaddr *address, socklen_t *length);

/// Fixes glibc's mmap threshold at `bytes`, so large buffers are mappings of their own that go
/// back to the system when freed (the default threshold rises after such a free). 1 on success.
int attend_fix_mmap_threshold(int bytes);

/// Gives the heap's free pages back to the system (malloc_trim). 1 when memory was released.
int attend_release_free_memory(void);

/// The offset of sun_path in sockaddr_un (for abstract-namespace address lengths).
int attend_sun_path_offset(void);

#endif
