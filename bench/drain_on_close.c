/* LD_PRELOAD shim of bench/compare for the ipc throughput runs, loaded into both senders
 * (libzmq's C remote_thr and the Rust port alike): before a Unix stream socket is closed, wait
 * until the peer has read everything queued in the kernel (SIOCOUTQ == 0, at most 10 s).
 *
 * Why: libzmq 4.3.5 drops a connection whose peer hung up (EPOLLHUP, which a closed Unix socket
 * raises) while the receiving engine has stopped reading because its pipe is at the HWM
 * (src/stream_engine_base.cpp, in_event_internal). The messages still in the kernel are lost and
 * local_thr waits forever. A fast remote_thr closes right after its last send, so on ipc this
 * happens in most runs with small messages. TCP is not affected (a FIN is no EPOLLHUP).
 * Nothing changes before the close, so the measured interval is untouched. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int close (int fd)
{
    static int (*real_close) (int);
    if (!real_close)
        real_close = (int (*) (int)) dlsym (RTLD_NEXT, "close");
    int domain = 0, type = 0;
    socklen_t len = sizeof domain;
    if (getsockopt (fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) == 0 && domain == AF_UNIX) {
        len = sizeof type;
        if (getsockopt (fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_STREAM) {
            for (int i = 0; i < 10000; i++) {
                int queued = 0;
                if (ioctl (fd, SIOCOUTQ, &queued) != 0 || queued == 0)
                    break;
                struct timespec ms = {0, 1000000};
                nanosleep (&ms, NULL);
            }
        }
    }
    return real_close (fd);
}
