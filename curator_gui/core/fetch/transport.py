"""The only place that opens sockets for fetching: connections the address policy admits and a deadline can cut.

requests' own timeout is per socket read, so a server sending a byte a second would never trip it: the work
runs in a worker thread (:func:`run_with_deadline`), the caller waits at most the time allowed, and at the
deadline the worker's sockets are shut down so it cannot linger either. Each direct connection resolves its host
once and asks the :class:`~.netpolicy.AddressPolicy` about the very address it is about to connect to, before
any byte is sent; urllib3's connection classes are subclassed only for these two things.
"""
from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.connection import allowed_gai_family

from curator_gui import __version__
from curator_gui.core.errors import FetchError
from curator_gui.core.fetch.netpolicy import AddressPolicy, PrivateAddressError

USER_AGENT = f"curator-gui/{__version__} python-requests/{requests.__version__}"
_LONGEST_WAIT = 24 * 3600.0  # threading rejects huge waits, and beyond a day a "timeout" is a mistake

T = TypeVar("T")


class Connections:
    """The sockets one fetch opened, the policy they obey, and whether its deadline has passed."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self.cancelled = False
        self.finished = False

    def check(self) -> None:
        """Refuse to start anything once the deadline has passed."""
        if self.cancelled:
            raise FetchError("cancelled")

    def track(self, sock: socket.socket) -> None:
        with self._lock:
            if self.cancelled:
                _shutdown(sock)
                raise FetchError("cancelled")
            self._sockets.append(sock)

    def finish(self) -> bool:
        """Mark the work done; False when the deadline came first (its result must not be used)."""
        with self._lock:
            if not self.cancelled:
                self.finished = True
            return self.finished

    def cancel(self) -> bool:
        """Shut every socket so that a read blocked in the worker returns; False when the work had finished."""
        with self._lock:
            if self.finished:
                return False
            self.cancelled = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _shutdown(sock)
        return True


def _shutdown(sock) -> None:
    try:
        # The plain socket method, also for a TLS socket: it only shuts the descriptor, which is what wakes a
        # read blocked in another thread, without touching TLS state that thread is using.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except (OSError, TypeError, ValueError):
        pass


_scope = threading.local()


def current_connections() -> Connections | None:
    """The :class:`Connections` of the work running in this thread under :func:`run_with_deadline`, if any."""
    return getattr(_scope, "connections", None)


class GuardedWork(Generic[T]):
    """``work()`` running in a worker thread whose sessions (:func:`new_session`) connect only where ``policy``
    admits, and whose sockets :meth:`cut` shuts (a read blocked in the worker then ends at once)."""

    def __init__(self, work: Callable[[], T], policy: AddressPolicy) -> None:
        self.connections = Connections(policy)
        self._outcome: dict = {}
        self._thread = threading.Thread(target=self._main, args=(work,), name="curator-gui-fetch", daemon=True)
        self._thread.start()

    def _main(self, work: Callable[[], T]) -> None:
        _scope.connections = self.connections
        try:
            value = work()
        except BaseException as error:  # noqa: BLE001 - handed to the caller's thread, never lost
            if self.connections.finish():
                self._outcome["error"] = error
        else:
            if self.connections.finish():
                self._outcome["value"] = value

    def wait(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for the work; True once it has finished (and was not cut)."""
        self._thread.join(max(0.0, min(seconds, _LONGEST_WAIT)))
        return bool(self._outcome)

    def cut(self) -> None:
        """Shut the work's sockets and discard its result, unless it has finished already."""
        if self.connections.cancel():
            self._thread.join(1.0)

    def result(self) -> T:
        """The work's value, or what it raised (only once :meth:`wait` returned True)."""
        if "error" in self._outcome:
            raise self._outcome["error"]
        return self._outcome["value"]


def run_with_deadline(work: Callable[[], T], timeout: float, policy: AddressPolicy) -> tuple[bool, T | None]:
    """Run ``work()`` in a worker thread for at most ``timeout`` seconds; its sessions (:func:`new_session`)
    connect only where ``policy`` admits.

    Returns ``(True, value)`` when the work finished in time, and re-raises what it raised then. When the
    deadline passes first, the work's sockets are shut (its reads end at once, its result is discarded) and
    ``(False, None)`` is returned: the caller words the timeout.
    """
    if not 0 < timeout < _LONGEST_WAIT:
        raise FetchError(f"the timeout must be a positive number of seconds, not {timeout!r}")
    job = GuardedWork(work, policy)
    try:
        finished = job.wait(timeout)
    finally:
        job.cut()  # the deadline passed (or the caller was interrupted); nothing when the work had finished
    return (True, job.result()) if finished else (False, None)


class _PolicedConnection:
    """Connects only to addresses the policy admits, and registers each socket so the deadline can shut it."""

    def _new_conn(self) -> socket.socket:
        connections = current_connections()
        if connections is None:
            return super()._new_conn()
        connections.check()
        if self.proxy is not None:  # the proxy is the user's own setting; the target is checked by name instead
            sock = super()._new_conn()
        else:
            sock = _open_admitted(self, connections.policy)
        connections.track(sock)
        return sock


def _open_admitted(conn: HTTPConnection, policy: AddressPolicy) -> socket.socket:
    """urllib3's create_connection, with each resolved address put to the policy before it is connected to."""
    host = conn._dns_host.strip("[]")  # the name as given (trailing dot kept), as urllib3 resolves it
    try:
        infos = socket.getaddrinfo(host, conn.port, allowed_gai_family(), socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise NameResolutionError(conn.host, conn, error) from error
    except UnicodeError as error:  # a label too long for IDNA
        raise NewConnectionError(conn, f"Failed to resolve {conn.host!r}: {error}") from error
    refused: PrivateAddressError | None = None
    failure: OSError | None = None
    for family, kind, proto, _name, sockaddr in infos:
        try:
            policy.admit(sockaddr[0], conn.host)
        except PrivateAddressError as error:
            refused = refused or error
            continue  # another address of the same name may be public
        sock = socket.socket(family, kind, proto)
        try:
            for option in conn.socket_options or ():
                sock.setsockopt(*option)
            if isinstance(conn.timeout, (int, float)):
                sock.settimeout(conn.timeout)
            if conn.source_address:
                sock.bind(conn.source_address)
            sock.connect(sockaddr)
        except OSError as error:
            sock.close()
            failure = error
            continue
        policy.settle(sockaddr[0])
        sys.audit("http.client.connect", conn, conn.host, conn.port)
        return sock
    if failure is None and refused is not None:
        raise refused
    if isinstance(failure, TimeoutError):
        raise ConnectTimeoutError(conn, f"Connection to {conn.host} timed out") from failure
    raise NewConnectionError(conn, f"Failed to establish a new connection: {failure or 'no address'}") from failure


class _PolicedHTTPConnection(_PolicedConnection, HTTPConnection):
    pass


class _PolicedHTTPSConnection(_PolicedConnection, HTTPSConnection):
    pass


class _PolicedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PolicedHTTPConnection


class _PolicedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PolicedHTTPSConnection


class _Adapter(HTTPAdapter):
    """requests' adapter with the policed connections."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _PolicedHTTPPool, "https": _PolicedHTTPSPool}


def new_session() -> requests.Session:
    """A requests session without retries whose connections obey the policy of the work running in this thread
    (see :func:`run_with_deadline`) and are cut at its deadline."""
    session = requests.Session()
    adapter = _Adapter(max_retries=0, pool_connections=1, pool_maxsize=1)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"})
    return session


def proxy_for(session: requests.Session, url: str) -> str | None:
    """The proxy requests will use for ``url`` (from the environment, honouring NO_PROXY), or None."""
    settings = session.merge_environment_settings(url, {}, None, None, None)
    return requests.utils.select_proxy(url, settings.get("proxies") or {})
