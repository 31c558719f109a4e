"""The stack's SMTP server: accepts every message and appends its Message-ID to var/stack/sink.log, one a line,
so that stack-test counts what arrived, lost and twice. It speaks what smtplib says (as bench/run.py's Sink)."""

import asyncio
import re
import sys

MESSAGE_ID = re.compile(rb"^message-id:[ \t]*(\S+)", re.MULTILINE | re.IGNORECASE)


async def converse(reader, writer, log):
    writer.write(b"220 stack sink\r\n")
    while line := await reader.readline():
        command = line[:4].upper()
        if command == b"DATA":
            writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
            content = await reader.readuntil(b"\r\n.\r\n")
            found = MESSAGE_ID.search(content)
            log.write((found.group(1) if found else b"<none>") + b"\n")
            log.flush()
            writer.write(b"250 Message accepted for delivery\r\n")
        elif command == b"QUIT":
            writer.write(b"221 Bye\r\n")
            break
        else:
            writer.write(b"250 OK\r\n")
        await writer.drain()


async def serve(port, path):
    with open(path, "ab") as log:

        async def session(reader, writer):
            try:
                await converse(reader, writer, log)
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                pass  # the worker went away mid-message: nothing was accepted
            finally:
                writer.close()

        server = await asyncio.start_server(session, "127.0.0.1", port, limit=64 * 1024 * 1024)
        async with server:
            await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1]), sys.argv[2]))
