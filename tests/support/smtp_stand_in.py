#!/usr/bin/python3
# An SMTP server for the tests: Debian's aiosmtpd (python3-aiosmtpd), run with /usr/bin/python3.
#   smtp_stand_in.py DIR [--cert PEM --key PEM] [--implicit] [--user U --password P] [--port N]
# With --cert, STARTTLS is offered (or, with --implicit, TLS from the first byte); with --user, AUTH is
# required (and only after TLS). It prints "READY <port>" once it listens.
# DIR/mode (re-read for every command) scripts the answers:
#   ok          accept (250)
#   421|451|550 answer RCPT TO with that code
#   hang        take the whole message, then never answer the end of DATA (until the client goes away);
#               a message whose end of DATA was never answered was not delivered
#   slow:MS     accept, but wait MS milliseconds before answering RCPT TO and the end of DATA
# Every delivered message is parsed back with Python's email package (policy default) and written as
# DIR/received/NNNNN.json (envelope, TLS, login, headers decoded, parts with their content types,
# charsets, transfer encodings and decoded text, the longest raw line, defects) next to NNNNN.eml.
# DIR/held/ gets one file per message held in "hang" mode.
import argparse
import asyncio
import email
import email.policy
import json
import os
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def read_mode(d):
    try:
        with open(os.path.join(d, "mode")) as f:
            return f.read().strip() or "ok"
    except OSError:
        return "ok"


def write_atomic(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, path)


def describe(raw, envelope, session, server):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    parts = []
    defects = [str(d) for d in msg.defects]
    for part in msg.walk():
        defects += [str(d) for d in part.defects]
        if part.is_multipart():
            continue
        try:
            content = part.get_content()
        except Exception as e:  # noqa: BLE001 - reported to the test
            content = None
            defects.append("cannot decode part: %s" % e)
        parts.append({
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "cte": part.get("Content-Transfer-Encoding", ""),
            "content": content if isinstance(content, str) else None,
        })
    headers = {}
    for k, v in msg.items():
        headers.setdefault(k.lower(), []).append(str(v))
    raw_headers = {}
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii", "replace")
    return {
        "mail_from": envelope.mail_from,
        "rcpt_tos": envelope.rcpt_tos,
        "tls": session.ssl is not None or (server.transport is not None and server.transport.get_extra_info("ssl_object") is not None),
        "login": (session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None),
        "content_type": msg.get_content_type(),
        "is_multipart": msg.is_multipart(),
        "headers": headers,
        "raw_head": head,
        "subject": str(msg["subject"]) if msg["subject"] is not None else None,
        "parts": parts,
        "max_line": max((len(line) for line in raw.split(b"\r\n")), default=0),
        "raw_ascii": all(b < 128 for b in raw),
        "size": len(raw),
        "defects": defects,
        "received_at": time.time(),
    }


class Handler:
    def __init__(self, d):
        self.dir = d
        self.count = 0
        self.held = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        mode = read_mode(self.dir)
        if mode.startswith("slow:"):
            await asyncio.sleep(int(mode[5:]) / 1000.0)
        if mode == "421":
            return "421 4.3.2 Service not available, closing transmission channel"
        if mode == "451":
            return "451 4.3.0 Requested action aborted: local error in processing"
        if mode == "550":
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown in local recipient table" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        mode = read_mode(self.dir)
        if mode.startswith("slow:"):
            await asyncio.sleep(int(mode[5:]) / 1000.0)
        if mode == "hang":
            self.held += 1
            os.makedirs(os.path.join(self.dir, "held"), exist_ok=True)
            write_atomic(os.path.join(self.dir, "held", "%05d.eml" % self.held), raw)
            while server.transport is not None and not server.transport.is_closing():
                await asyncio.sleep(0.05)
            return "451 4.3.0 never answered"
        self.count += 1
        n = self.count
        info = describe(raw, envelope, session, server)
        os.makedirs(os.path.join(self.dir, "received"), exist_ok=True)
        write_atomic(os.path.join(self.dir, "received", "%05d.eml" % n), raw)
        write_atomic(os.path.join(self.dir, "received", "%05d.json" % n), json.dumps(info).encode())
        return "250 2.0.0 Ok: queued as EOS%05d" % n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--implicit", action="store_true")
    ap.add_argument("--user")
    ap.add_argument("--password")
    ap.add_argument("--port", type=int, default=0)
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)

    tls = None
    if a.cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(a.cert, a.key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == a.user \
                and auth_data.password.decode() == a.password:
            return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)

    kwargs = {}
    if a.user:
        # implicit TLS: the whole session is encrypted, which aiosmtpd's STARTTLS check does not see
        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=not a.implicit)
    if tls is not None and not a.implicit:
        kwargs.update(tls_context=tls, require_starttls=True)
    if tls is not None and a.implicit:
        kwargs.update(ssl_context=tls)
    elif not a.user:
        kwargs.update(auth_require_tls=False)

    # a free port (unless given): bind 0 first, then hand the number to the controller
    port = a.port
    if not port:
        import socket
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
    controller = Controller(Handler(a.dir), hostname="127.0.0.1", port=port, server_hostname="localhost", **kwargs)
    controller.start()
    print("READY %d" % port, flush=True)
    try:
        sys.stdin.read()  # runs until the test closes our stdin (or kills us)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
