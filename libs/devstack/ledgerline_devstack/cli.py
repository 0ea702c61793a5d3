"""``ledgerline-dev``: the run command's Python half (the shell half is ./dev)."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from ledgerline_servicekit.config import Settings
from ledgerline_servicekit.rpc_client import RpcClient

from ledgerline_devstack import demo
from ledgerline_devstack.platform import LOCAL_DB_POOL_SIZE, Platform, prepare


# How long to wait before starting again a process that died while starting.
RETRY_SECONDS = 5


def up(args) -> int:
    settings = Settings(log_format="console", db_pool_size=LOCAL_DB_POOL_SIZE)
    print("preparing databases, migrations and broker topology ...", flush=True)
    prepare(settings)
    log_dir = Path(args.log_dir).resolve()
    platform = Platform(settings, log_dir=log_dir, gateway_port=args.port)
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print("starting services and the gateway ...", flush=True)
    try:
        platform.start()
        rpc = RpcClient(settings.amqp_uri)
        demo.load(settings, platform.url, rpc, log=lambda _m: None)
        rpc.close()
        print(f"\nLedgerline is running at {platform.url}\n")
        print(f"Demo logins (password for all: {demo.PASSWORD}), and what each can try:")
        for user in demo.USERS:
            print(f"  {user.role.value:<18} {user.email:<30} {user.journey}")
        print(f"\nField service, {demo.FIELD_ORG_NAME} (same password):")
        for user in demo.FIELD_USERS:
            print(f"  {user.role.value:<18} {user.email:<30} {user.journey}")
        print(f"\nAPI docs: {platform.url}/api/v1/docs · logs: {log_dir}")
        print("Press Ctrl-C to stop everything.", flush=True)
        while not stopping:
            try:
                revived = platform.revive()
            except RuntimeError as failure:  # it died again while starting: try again shortly
                print(f"{failure}; trying again", file=sys.stderr, flush=True)
                time.sleep(RETRY_SECONDS)
                continue
            if revived:
                print(f"{', '.join(revived)} stopped unexpectedly and was started again; see {log_dir}",
                      file=sys.stderr, flush=True)
            time.sleep(0.5)
        return 0
    finally:
        print("\nstopping ...", flush=True)
        platform.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ledgerline-dev")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("up", help="prepare, start everything, load demo data, wait for Ctrl-C")
    run.add_argument("--port", type=int, default=8000)
    run.add_argument("--log-dir", default="var/log")
    sub.add_parser("prepare", help="create databases, migrate, declare the topology")
    demo_parser = sub.add_parser("demo", help="load demo data into a running platform")
    demo_parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running gateway")
    args = parser.parse_args(argv)
    if args.command == "up":
        return up(args)
    settings = Settings()
    if args.command == "prepare":
        prepare(settings)
        print("prepared")
        return 0
    rpc = RpcClient(settings.amqp_uri)
    try:
        for email, role in demo.load(settings, args.url, rpc).items():
            print(f"{role:<18} {email}")
    finally:
        rpc.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
