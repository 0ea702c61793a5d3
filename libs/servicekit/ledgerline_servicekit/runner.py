"""``ledgerline-service <name>``: run one service as its own process."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    # Green first: nothing may open a socket or import psycopg before this.
    from ledgerline_servicekit.green import monkey_patch

    monkey_patch()

    import argparse

    from nameko.cli.run import run

    from ledgerline_servicekit.config import Settings, nameko_config
    from ledgerline_servicekit.logs import configure_logging, get_logger
    from ledgerline_servicekit.registry import load_service, service_names

    parser = argparse.ArgumentParser(prog="ledgerline-service", description="Run one Ledgerline service.")
    parser.add_argument("name", help=f"one of: {', '.join(service_names())}")
    args = parser.parse_args(argv)

    settings = Settings()
    configure_logging(args.name, settings.log_level, settings.log_format)
    service_cls = load_service(args.name)
    get_logger(__name__).info(
        "service starting",
        amqp=settings.amqp_uri.rsplit("@", 1)[-1],
        database=settings.database_url_for(args.name).rsplit("@", 1)[-1],
        metrics_port=settings.metrics_port_for(args.name),
    )
    run([service_cls], nameko_config(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
