"""Run one build of the example orders service: ``python examples/service/server.py --build v1 --port 8000``."""

from __future__ import annotations

import argparse
import os
import sys

import uvicorn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from app import BUILDS, create_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", choices=BUILDS, default=os.environ.get("ORDERS_BUILD", "v1"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    uvicorn.run(create_app(args.build), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
