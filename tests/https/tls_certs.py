"""Certificates made for the tests (never checked in), with ``cryptography``.

``Certs`` is one throw-away PKI: a CA, a server certificate for
``localhost``/``127.0.0.1`` signed by it, and whatever else a test asks for
(self-signed, expired, other names, client certificates). Each PEM is a
``str``; ``write(dir)`` puts the CA on disk for foreign peers (curl, Node).
"""

from __future__ import annotations

import datetime
import functools
import ipaddress
from dataclasses import dataclass

import pytest

x509 = pytest.importorskip("cryptography.x509")
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID  # noqa: E402

_NOW = datetime.datetime.now(datetime.UTC)


@dataclass
class Pair:
    key: str
    cert: str


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _key_pem(key: ec.EllipticCurvePrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def _sans(names: tuple[str, ...]) -> x509.SubjectAlternativeName:
    entries: list[x509.GeneralName] = []
    for name in names:
        try:
            entries.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            entries.append(x509.DNSName(name))
    return x509.SubjectAlternativeName(entries)


def issue(cn: str, names: tuple[str, ...] = (), issuer: tuple[str, object] | None = None,
          days: tuple[int, int] = (-1, 30), ca: bool = False, client: bool = False) -> Pair:
    """A key and certificate; self-signed unless ``issuer`` is (cn, key)."""
    key = ec.generate_private_key(ec.SECP256R1())
    issuer_name, signer = (_name(issuer[0]), issuer[1]) if issuer else (_name(cn), key)
    builder = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(issuer_name)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(_NOW + datetime.timedelta(days=days[0]))
               .not_valid_after(_NOW + datetime.timedelta(days=days[1]))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if names:
        builder = builder.add_extension(_sans(names), critical=False)
    if not ca:
        usage = ExtendedKeyUsageOID.CLIENT_AUTH if client else ExtendedKeyUsageOID.SERVER_AUTH
        builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
    else:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
    cert = builder.sign(signer, hashes.SHA256())
    pair = Pair(_key_pem(key), cert.public_bytes(serialization.Encoding.PEM).decode())
    pair.private = key  # type: ignore[attr-defined]
    return pair


class Certs:
    """One CA and the certificates the TLS tests need, signed by it."""

    def __init__(self) -> None:
        self.ca = issue("NodeKit Test CA", ca=True)
        self.other_ca = issue("Someone Else's CA", ca=True)
        self.server = self.signed("localhost", ("localhost", "127.0.0.1"))

    def signed(self, cn: str, names: tuple[str, ...] = (), days: tuple[int, int] = (-1, 30),
               client: bool = False, by: Pair | None = None) -> Pair:
        ca = by or self.ca
        return issue(cn, names, (ca_name(ca), ca.private), days=days,  # type: ignore[attr-defined]
                     client=client)

    @functools.cached_property
    def expired(self) -> Pair:
        return self.signed("localhost", ("localhost", "127.0.0.1"), days=(-30, -1))

    @functools.cached_property
    def self_signed(self) -> Pair:
        return issue("localhost", ("localhost", "127.0.0.1"))

    @functools.cached_property
    def untrusted(self) -> Pair:
        return self.signed("localhost", ("localhost", "127.0.0.1"), by=self.other_ca)

    @functools.cached_property
    def client(self) -> Pair:
        return self.signed("test client", client=True)

    def server_options(self, **extra: object) -> dict[str, object]:
        return {"key": self.server.key, "cert": self.server.cert, **extra}


def ca_name(pair: Pair) -> str:
    cert = x509.load_pem_x509_certificate(pair.cert.encode())
    return cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value


@functools.lru_cache(maxsize=1)
def certs() -> Certs:
    """The suite's PKI, made once per test process."""
    return Certs()
