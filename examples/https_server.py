"""An https hello server: `nodekit examples/https_server.py [port] [key.pem cert.pem]`.

Without a key and certificate it makes a throw-away self-signed one for
localhost / 127.0.0.1 at start-up (with the `cryptography` package when it
is installed, else the `openssl` command), and prints how to ask it with
`curl -k` (-k: curl cannot know this certificate, made a second ago).
"""

import datetime
import ipaddress
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from nodekit import https

HOST = "127.0.0.1"
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8443


def make_certificate():
    """A self-signed (key PEM, certificate PEM) for localhost, valid 30 days."""
    try:
        return _with_cryptography()
    except ImportError:
        return _with_openssl()


def _with_cryptography():
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    sans = x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                        x509.IPAddress(ipaddress.ip_address(HOST))])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(sans, critical=False).sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return key_pem, cert.public_bytes(serialization.Encoding.PEM)


def _with_openssl():
    if shutil.which("openssl") is None:
        sys.exit("need a key and certificate: install `cryptography` or `openssl`, "
                 "or give key.pem cert.pem")
    with tempfile.TemporaryDirectory() as tmp:
        key, cert = Path(tmp, "key.pem"), Path(tmp, "cert.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
                        "-subj", "/CN=localhost", "-addext",
                        f"subjectAltName=DNS:localhost,IP:{HOST}",
                        "-keyout", str(key), "-out", str(cert)],
                       check=True, capture_output=True)
        return key.read_bytes(), cert.read_bytes()


if len(sys.argv) > 3:
    KEY, CERT = Path(sys.argv[2]).read_bytes(), Path(sys.argv[3]).read_bytes()
else:
    KEY, CERT = make_certificate()


def on_request(req, res):
    body = (f"Hello over {req.socket.get_protocol()} from NodeKit! "
            f"You asked for {req.url}\n")
    res.write_head(200, {"Content-Type": "text/plain; charset=utf-8"})
    res.end(body)


def on_listening():
    print(f"Server running at https://{HOST}:{PORT}/", flush=True)
    if len(sys.argv) <= 3:
        print(f"The certificate is self-signed, so: curl -k https://{HOST}:{PORT}/", flush=True)


server = https.create_server({"key": KEY, "cert": CERT}, on_request)
server.listen(PORT, HOST, on_listening)
