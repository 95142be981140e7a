/* A small C peer for the tests (compiled by zmq-test-peer/build.rs): it calls libzmq directly on
 * sockets and contexts created by the Rust side, in the same binary. */
#include <string.h>
#include <zmq.h>

int native_peer_send(void *socket, const char *text)
{
    return zmq_send(socket, text, strlen(text), 0);
}

int native_peer_recv(void *socket, char *buf, size_t len)
{
    return zmq_recv(socket, buf, len, 0);
}

void *native_peer_socket(void *context, int type)
{
    return zmq_socket(context, type);
}

int native_peer_version(void)
{
    int major, minor, patch;
    zmq_version(&major, &minor, &patch);
    return ZMQ_MAKE_VERSION(major, minor, patch);
}
