# Port of Node v20 test/parallel/test-https-selfsigned-no-keycertsign-no-crash.js.
# Deviations: Node's fixture (from nodejs/node#37889) is a self-signed EC
# certificate whose keyUsage lacks keyCertSign; the same shape is made here
# at run time with `cryptography` (CN/SAN 127.0.0.1, keyUsage
# digitalSignature + keyEncipherment only).
import datetime
import ipaddress

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from nodekit import https


def _self_signed_without_key_cert_sign():
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=True,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(key, hashes.SHA256()))
    pem_key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    return pem_key, cert.public_bytes(serialization.Encoding.PEM).decode()


def test_a_self_signed_ca_without_key_cert_sign_does_not_crash(common):
    key, cert = _self_signed_without_key_cert_sign()

    def main():
        def handler(req, res):
            res.write_head(200)
            res.end("hello world\n")

        server = https.create_server({"key": key, "cert": cert}, handler)

        def go(port):
            req = https.request({"hostname": common.HOST, "port": port, "ca": cert},
                                common.must_call(lambda res: server.close()))
            req.on("error", common.must_not_call("error"))
            req.end()

        common.listen(server, go)

    common.run(main)
