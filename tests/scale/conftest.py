"""A Redis server for the scale tests that need one (Debian's redis-server, started here)."""

import socket
import subprocess

import pytest

from tests.scale.servers import free_port, wait_for


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
    )

    def ping():
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")

    try:
        wait_for(ping, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def round_trips(monkeypatch):
    """round_trips(backend): a list that grows by one for each command a Redis cache backend
    (portal.cache.PortalRedisCache) sends: each takes a connection from its pool."""

    def count(backend):
        pool = backend._cache.get_client(write=True).connection_pool
        trips = []
        get_connection = pool.get_connection

        def counted(*args, **kwargs):
            trips.append(1)
            return get_connection(*args, **kwargs)

        monkeypatch.setattr(pool, "get_connection", counted)
        return trips

    return count
