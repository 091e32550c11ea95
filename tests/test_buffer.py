"""nodekit._buffer: Node's Buffer encodings and StringDecoder (expected values
taken from Node 20's Buffer.from / buf.toString / string_decoder)."""

from __future__ import annotations

import base64

import pytest

from nodekit._buffer import StringDecoder, decode, encode, normalize_encoding, to_bytes

TEXT = "héllo €😀"
UTF8 = bytes.fromhex("68c3a96c6c6f20e282acf09f9880")
UTF16LE = bytes.fromhex("6800e9006c006c006f002000ac203dd800de")

# (encoding name, str, bytes) with Buffer.from(str, enc) == bytes and
# Buffer.from(bytes).toString(enc) == str.
ROUND_TRIPS = [
    ("utf8", TEXT, UTF8),
    ("utf-8", TEXT, UTF8),
    ("latin1", "héllo\xff", bytes.fromhex("68e96c6c6fff")),
    ("binary", "héllo\xff", bytes.fromhex("68e96c6c6fff")),
    ("ascii", "hello", b"hello"),
    ("hex", "00ff10ab", bytes.fromhex("00ff10ab")),
    ("base64", "+/8=", b"\xfb\xff"),
    ("base64", "aGVsbG8=", b"hello"),
    ("base64url", "-_8", b"\xfb\xff"),
    ("utf16le", TEXT, UTF16LE),
    ("ucs2", TEXT, UTF16LE),
    ("utf-16le", TEXT, UTF16LE),
    ("ucs-2", TEXT, UTF16LE),
]


@pytest.mark.parametrize(("enc", "text", "data"), ROUND_TRIPS)
def test_encode_gives_nodes_bytes(enc, text, data):
    assert encode(text, enc) == data


@pytest.mark.parametrize(("enc", "text", "data"), ROUND_TRIPS)
def test_decode_gives_nodes_string(enc, text, data):
    assert decode(data, enc) == text


@pytest.mark.parametrize("enc", ["UTF8", "Utf-8", "LATIN1", "Binary", "ASCII", "HEX",
                                 "Base64", "UTF16LE", "UCS2"])
def test_encoding_names_are_case_insensitive(enc):
    assert encode("abcd", enc) == encode("abcd", enc.lower())
    assert decode(b"\xfb\xff\x00a", enc) == decode(b"\xfb\xff\x00a", enc.lower())


def test_default_encoding_is_utf8():
    assert encode(TEXT) == UTF8
    assert decode(UTF8) == TEXT
    assert encode(TEXT, None) == UTF8
    assert decode(UTF8, None) == TEXT


@pytest.mark.parametrize(("name", "canonical"), [
    ("utf8", "utf8"), ("utf-8", "utf8"), ("latin1", "latin1"), ("binary", "latin1"),
    ("ascii", "ascii"), ("hex", "hex"), ("base64", "base64"), ("utf16le", "utf16le"),
    ("ucs2", "utf16le"), ("UCS-2", "utf16le"), (None, None),
])
def test_normalize_encoding_gives_the_canonical_name(name, canonical):
    assert normalize_encoding(name) == canonical


@pytest.mark.parametrize("call", [
    lambda: encode("x", "utf7"),
    lambda: decode(b"x", "utf7"),
    lambda: normalize_encoding("utf7"),
    lambda: StringDecoder("utf7"),
    lambda: to_bytes("x", "utf7"),
], ids=["encode", "decode", "normalize_encoding", "StringDecoder", "to_bytes"])
def test_unknown_encoding_raises_err_unknown_encoding(call):
    with pytest.raises(TypeError) as info:
        call()
    assert info.value.code == "ERR_UNKNOWN_ENCODING"
    assert "utf7" in str(info.value)


# -- per-encoding details (Node 20) ----------------------------------------------------


def test_latin1_and_ascii_encode_keep_the_low_byte_of_each_code_unit():
    # Buffer.from('héllo€', 'latin1') -> 68 e9 6c 6c 6f ac
    assert encode("héllo€", "latin1") == bytes.fromhex("68e96c6c6fac")
    assert encode("héllo€", "ascii") == bytes.fromhex("68e96c6c6fac")


def test_ascii_decode_clears_the_high_bit():
    # Buffer.from([0xe9, 0x41]).toString('ascii') -> 'iA'
    assert decode(b"\xe9A", "ascii") == "iA"


def test_hex_decode_is_lowercase_and_encode_accepts_uppercase():
    assert decode(b"\xab\xcd", "hex") == "abcd"
    assert encode("ABCD", "hex") == b"\xab\xcd"


@pytest.mark.parametrize(("text", "data"), [
    ("abzz", b"\xab"),   # stops at the first invalid pair
    ("abc", b"\xab"),    # drops a dangling nibble
    ("zz", b""),
    ("", b""),
])
def test_hex_encode_keeps_the_longest_valid_prefix(text, data):
    assert encode(text, "hex") == data


@pytest.mark.parametrize("text", ["+a", " a", "a "])
def test_hex_encode_with_sign_or_space_gives_the_valid_prefix(text):
    assert encode(text, "hex") == b""


@pytest.mark.parametrize(("text", "data"), [
    ("aGk", b"hi"),            # missing padding
    ("aGVs bG8=", b"hello"),   # whitespace is ignored
    ("aGk=aGk=", b"hi"),       # stops at the first padding
])
def test_base64_encode_is_lenient_like_node(text, data):
    assert encode(text, "base64") == data


def test_base64_encode_drops_a_dangling_character():
    # Buffer.from('aGVsb', 'base64') -> 'hel'
    assert encode("aGVsb", "base64") == b"hel"


def test_base64_encode_accepts_the_url_safe_alphabet():
    # Buffer.from('-_8', 'base64') -> fb ff
    assert encode("-_8", "base64") == b"\xfb\xff"


def test_utf8_decode_replaces_invalid_bytes_like_node():
    assert decode(b"\xffa") == "\ufffda"
    assert decode(b"\xed\xa0\x80") == "\ufffd" * 3
    assert decode(b"\xf0\x9f\x98") == "\ufffd"


def test_utf8_encode_of_a_lone_surrogate_gives_the_replacement_character():
    assert encode("\ud800") == b"\xef\xbf\xbd"


def test_utf16le_encode_keeps_a_lone_surrogate():
    # Buffer.from('\ud800', 'utf16le') -> 00 d8
    assert encode("\ud800", "utf16le") == b"\x00\xd8"


def test_utf16le_decode_ignores_a_trailing_odd_byte():
    # Buffer.from([0x61, 0, 0x62]).toString('utf16le') -> 'a'
    assert decode(b"a\x00b", "utf16le") == "a"


def test_decode_accepts_any_bytes_like():
    assert decode(bytearray(UTF8)) == TEXT
    assert decode(memoryview(UTF8)) == TEXT
    assert decode(bytearray(b"\xfb\xff"), "base64") == "+/8="
    assert decode(memoryview(b"\xab"), "hex") == "ab"


# -- to_bytes ------------------------------------------------------------------------


def test_to_bytes_encodes_str_with_the_given_encoding():
    assert to_bytes(TEXT) == UTF8
    assert to_bytes("abcd", "hex") == b"\xab\xcd"


def test_to_bytes_takes_bytes_like_as_is():
    assert to_bytes(b"ab") == b"ab"
    out = to_bytes(bytearray(b"ab"))
    assert out == b"ab" and type(out) is bytes
    assert to_bytes(memoryview(b"ab")) == b"ab"


def test_to_bytes_rejects_other_types_with_err_invalid_arg_type():
    with pytest.raises(TypeError) as info:
        to_bytes(42)
    assert info.value.code == "ERR_INVALID_ARG_TYPE"


# -- StringDecoder ---------------------------------------------------------------------


def _feed_bytewise(dec: StringDecoder, data: bytes) -> list[str]:
    return [dec.write(data[i:i + 1]) for i in range(len(data))]


@pytest.mark.parametrize("char", ["é", "€", "😀"], ids=["2-byte", "3-byte", "4-byte"])
def test_utf8_decoder_does_not_split_a_char_fed_one_byte_at_a_time(char):
    data = char.encode("utf-8")
    dec = StringDecoder("utf8")
    outs = _feed_bytewise(dec, data)
    assert outs == [""] * (len(data) - 1) + [char]
    assert dec.end() == ""


def test_utf8_decoder_never_emits_replacement_chars_for_valid_text_fed_bytewise():
    dec = StringDecoder("utf-8")
    outs = _feed_bytewise(dec, ("aé€😀" * 3).encode("utf-8"))
    assert "\ufffd" not in "".join(outs)
    assert "".join(outs) + dec.end() == "aé€😀" * 3


@pytest.mark.parametrize("split", range(1, len(UTF8)))
def test_utf8_decoder_gives_the_same_text_for_any_two_chunk_split(split):
    dec = StringDecoder()
    assert dec.write(UTF8[:split]) + dec.write(UTF8[split:]) + dec.end() == TEXT


def test_utf8_decoder_end_replaces_an_incomplete_char():
    # new StringDecoder('utf8'): write(f0 9f) -> '', end() -> '\ufffd'
    dec = StringDecoder("utf8")
    assert dec.write(b"\xf0\x9f") == ""
    assert dec.end() == "\ufffd"


def test_utf8_decoder_replaces_an_interrupted_sequence():
    # write(e2) -> '', write('a') -> '\ufffda'
    dec = StringDecoder("utf8")
    assert dec.write(b"\xe2") == ""
    assert dec.write(b"a") == "\ufffda"
    assert dec.end() == ""


def test_decoder_end_accepts_a_last_chunk():
    dec = StringDecoder("utf8")
    assert dec.write(b"\xe2\x82") == ""
    assert dec.end(b"\xac") == "€"


def test_utf16le_decoder_joins_a_surrogate_pair_fed_one_byte_at_a_time():
    dec = StringDecoder("utf16le")
    outs = _feed_bytewise(dec, "a😀".encode("utf-16-le"))
    assert outs == ["", "a", "", "", "", "😀"]
    assert dec.end() == ""


def test_ucs2_decoder_is_utf16le():
    dec = StringDecoder("ucs2")
    assert dec.write(b"a\x00b") == "a"
    assert dec.write(b"\x00") == "b"


def test_utf16le_decoder_end_drops_a_dangling_odd_byte():
    dec = StringDecoder("utf16le")
    assert dec.write(b"a\x00b") == "a"
    assert dec.end() == ""


def test_base64_decoder_holds_back_incomplete_groups_across_chunks():
    # new StringDecoder('base64'): write('ab') -> '', write('cde') -> 'YWJj', end() -> 'ZGU='
    dec = StringDecoder("base64")
    assert dec.write(b"ab") == ""
    assert dec.write(b"cde") == "YWJj"
    assert dec.end() == "ZGU="


def test_base64_decoder_never_pads_in_the_middle_when_fed_bytewise():
    data = bytes(range(256))
    dec = StringDecoder("base64")
    out = "".join(_feed_bytewise(dec, data)) + dec.end()
    assert out == base64.b64encode(data).decode()
    assert "=" not in out[:-2]


@pytest.mark.parametrize("split", range(0, 8))
def test_base64_decoder_gives_plain_base64_for_any_split(split):
    data = b"\x00\xfb\xffhello"
    dec = StringDecoder("base64")
    out = dec.write(data[:split]) + dec.write(data[split:]) + dec.end()
    assert out == base64.b64encode(data).decode()


def test_base64url_decoder_is_unpadded():
    dec = StringDecoder("base64url")
    out = "".join(_feed_bytewise(dec, b"\xfb\xff")) + dec.end()
    assert out == "-_8"


def test_hex_decoder_encodes_each_chunk():
    dec = StringDecoder("hex")
    assert dec.write(b"\x01\xff") == "01ff"
    assert dec.write(b"\xab") == "ab"
    assert dec.end() == ""


@pytest.mark.parametrize(("enc", "data", "text"), [
    ("latin1", b"h\xe9\xff", "hé\xff"),
    ("binary", b"h\xe9\xff", "hé\xff"),
    ("ascii", b"h\xe9A", "hiA"),
])
def test_single_byte_decoders_decode_each_byte(enc, data, text):
    dec = StringDecoder(enc)
    assert "".join(_feed_bytewise(dec, data)) + dec.end() == text


def test_decoder_end_without_pending_data_is_empty():
    for enc in ("utf8", "utf16le", "latin1", "ascii", "hex", "base64"):
        assert StringDecoder(enc).end() == ""


def test_decoder_exposes_the_canonical_encoding():
    assert StringDecoder().encoding == "utf8"
    assert StringDecoder("UCS2").encoding == "utf16le"
    assert StringDecoder("binary").encoding == "latin1"
