#!/usr/bin/env python3
"""pyzmq peers for tests/it/interop_pyzmq.rs.

Z85 keys are passed as --name=VALUE: the Z85 alphabet contains "-", and a key that begins with
it would be taken for an option if passed positionally.

Every mode takes its endpoints and keys as arguments, prints the lines the Rust side waits for
(flushed), and gives up on its own: each socket has a receive/send timeout, and SIGALRM ends the
process after --deadline seconds whatever happens.

Modes:
  certs DIR NAME
      zmq.auth.create_certificates: writes DIR/NAME.key and DIR/NAME.key_secret (czmq zcert).
  curve-client ENDPOINT --server-public=Z85 SECRET_CERT_FILE
      REQ with CURVE keys from the certificate; sends [b"hello", b"from pyzmq"], prints
      "REPLY <frame>|<frame>..." for the answer.
  curve-server --server-secret=Z85 KEYS_DIR
      REP CURVE server on tcp://127.0.0.1:* whose ThreadAuthenticator allows 127.0.0.1 and the
      public keys in KEYS_DIR; prints "ENDPOINT <endpoint>", answers one request with
      [b"ack", <User-Id of the request>].
  echo ENDPOINT bind|connect COUNT
      REP (NULL security) that answers COUNT multipart requests with their frames reversed
      followed by b"pyzmq"; with bind it prints "ENDPOINT <endpoint>".
"""

import argparse
import signal
import sys

import zmq
import zmq.auth
from zmq.auth.thread import ThreadAuthenticator

TIMEOUT_MS = 10_000


def say(*parts):
    print(*parts, flush=True)


def new_socket(ctx, kind):
    s = ctx.socket(kind)
    s.setsockopt(zmq.RCVTIMEO, TIMEOUT_MS)
    s.setsockopt(zmq.SNDTIMEO, TIMEOUT_MS)
    s.setsockopt(zmq.LINGER, 1000)
    return s


def certs(args):
    public, secret = zmq.auth.create_certificates(args.dir, args.name)
    say("CERTS", public, secret)


def curve_client(args):
    public, secret = zmq.auth.load_certificate(args.secret_file)
    ctx = zmq.Context()
    s = new_socket(ctx, zmq.REQ)
    s.curve_serverkey = args.server_public.encode()
    s.curve_publickey = public
    s.curve_secretkey = secret
    s.connect(args.endpoint)
    s.send_multipart([b"hello", b"from pyzmq"])
    reply = s.recv_multipart()
    say("REPLY " + "|".join(f.decode() for f in reply))
    s.close()
    ctx.term()


def curve_server(args):
    secret = args.server_secret.encode()
    ctx = zmq.Context()
    auth = ThreadAuthenticator(ctx)
    auth.start()
    try:
        auth.allow("127.0.0.1")
        auth.configure_curve(domain="*", location=args.keys_dir)
        s = new_socket(ctx, zmq.REP)
        s.curve_secretkey = secret
        s.curve_publickey = zmq.curve_public(secret)
        s.curve_server = True
        s.bind("tcp://127.0.0.1:*")
        say("ENDPOINT", s.last_endpoint.decode())
        frames = s.recv_multipart(copy=False)
        user_id = frames[0].get("User-Id")
        say("REQUEST " + "|".join(f.bytes.decode() for f in frames) + " USER-ID " + user_id)
        s.send_multipart([b"ack", user_id.encode()])
        s.close()
    finally:
        auth.stop()
    ctx.term()


def echo(args):
    ctx = zmq.Context()
    s = new_socket(ctx, zmq.REP)
    if args.how == "bind":
        s.bind(args.endpoint)
        say("ENDPOINT", s.last_endpoint.decode())
    else:
        s.connect(args.endpoint)
    for _ in range(args.count):
        frames = s.recv_multipart()
        s.send_multipart(list(reversed(frames)) + [b"pyzmq"])
    say("DONE", args.count)
    s.close()
    ctx.term()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--deadline", type=int, default=30, help="seconds before SIGALRM ends it")
    sub = p.add_subparsers(dest="mode", required=True)
    c = sub.add_parser("certs")
    c.add_argument("dir")
    c.add_argument("name")
    c = sub.add_parser("curve-client")
    c.add_argument("endpoint")
    # Z85 keys can begin with "-", so they travel as --name=VALUE, never as positionals.
    c.add_argument("--server-public", required=True)
    c.add_argument("secret_file")
    c = sub.add_parser("curve-server")
    c.add_argument("--server-secret", required=True)
    c.add_argument("keys_dir")
    c = sub.add_parser("echo")
    c.add_argument("endpoint")
    c.add_argument("how", choices=["bind", "connect"])
    c.add_argument("count", type=int)
    args = p.parse_args()
    signal.alarm(args.deadline)
    {"certs": certs, "curve-client": curve_client, "curve-server": curve_server, "echo": echo}[
        args.mode
    ](args)


if __name__ == "__main__":
    try:
        main()
    except zmq.Again:
        print("peer.py: timed out waiting for a message", file=sys.stderr)
        sys.exit(3)
