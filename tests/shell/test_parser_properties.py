"""Every parser of outside input, fed anything: it returns a well-formed value or refuses clearly,
and never fails in any other way."""

import re

from hypothesis import given
from hypothesis import strategies as st

from gateway.errors import BadPayloadError
from gateway.sms.providers.africastalking import parse_incoming, parse_report
from gateway.ussd.payloads import parse_session_end, parse_ussd_hop
from gateway.web.fields import count_field, id_field, phone_field, short_field
from menus.codes import CODE, read_code
from menus.hop import cumulative_text, read_hop
from menus.inputs import ERROR_KEYS, NAME, read_name, read_nik, read_rt_rw
from menus.keywords import KEYWORDS, read_command
from menus.phones import parse_phone

E164 = re.compile(r"^\+[0-9]{8,15}$")
# Text as residents and hostile posts send it: any script's digits, separators, letters, control.
TEXT = (st.text(st.characters(codec="utf-8"), max_size=60)
        | st.from_regex(r"[+0-9 ()\-]{0,20}", fullmatch=True))
FORM_FIELDS = ("sessionId", "serviceCode", "phoneNumber", "networkCode", "text", "status", "from", "to",
               "id", "date", "linkId", "failureReason", "durationInMillis", "hopsCount", "cost")
FORMS = st.dictionaries(st.sampled_from(FORM_FIELDS), TEXT)


def refuses_or(parse, form, check) -> None:
    try:
        value = parse(form)
    except BadPayloadError as exc:
        assert str(exc)  # a reason to send back
    else:
        check(value)


@given(FORMS)
def test_a_ussd_hop_form_parses_to_a_hop_or_is_refused(form):
    refuses_or(parse_ussd_hop, form, lambda hop: E164.match(hop.phone) and len(hop.text) <= 1000)


@given(FORMS)
def test_a_session_end_form_parses_or_is_refused(form):
    refuses_or(parse_session_end, form, lambda end: E164.match(end.phone) and end.status)


@given(FORMS)
def test_an_incoming_sms_form_parses_or_is_refused(form):
    refuses_or(parse_incoming, form, lambda sms: E164.match(sms.phone) and sms.provider_id.strip())


@given(FORMS)
def test_a_delivery_report_form_parses_or_is_refused(form):
    refuses_or(parse_report, form, lambda report: report.provider_message_id and report.state)


@given(FORMS, st.sampled_from(FORM_FIELDS))
def test_form_fields_read_their_kind_or_refuse(form, field):
    refuses_or(lambda f: phone_field(f, field), form, lambda phone: E164.match(phone))
    refuses_or(lambda f: id_field(f, field), form, lambda value: 0 < len(value) <= 100)
    refuses_or(lambda f: short_field(f, field, 20), form, lambda value: len(value) <= 20)
    refuses_or(lambda f: count_field(f, field), form, lambda value: value is None or value >= 0)


@given(TEXT)
def test_a_phone_parses_to_e164_or_to_nothing(raw):
    phone = parse_phone(raw)
    assert phone is None or E164.match(phone)


@given(TEXT)
def test_resident_answers_read_to_their_shape_or_to_a_known_error(raw):
    for reader, shape in ((read_name, NAME), (read_nik, re.compile(r"^[0-9]{16}$")),
                          (read_rt_rw, re.compile(r"^[0-9]{3}/[0-9]{3}$"))):
        value, error = reader(raw)
        assert (error is None and shape.match(value)) or (value == "" and error in ERROR_KEYS)
    code = read_code(raw)
    assert code is None or CODE.match(code)


@given(TEXT)
def test_an_sms_reads_as_a_known_command_with_a_short_argument(raw):
    command = read_command(raw)
    assert command.name in {*KEYWORDS.values(), "unknown", "help"} and len(command.arg) <= 60


@given(st.none() | TEXT, TEXT)
def test_hop_text_reads_to_new_inputs_from_cumulative_and_latest_text(previous, text):
    inputs = read_hop(previous, text)
    assert inputs.repeat or all(isinstance(i, str) for i in inputs.inputs)
    rebuilt = cumulative_text(previous, text, "*384*123#")
    assert previous is None or rebuilt.startswith(previous) or previous == ""


def test_a_nul_in_an_incoming_sms_is_dropped_from_text_and_refused_in_an_id():
    sms = parse_incoming({"from": "+6281234567890", "id": "x1", "text": "IN\x00FO", "to": "98\x00765"})
    assert (sms.text, sms.short_code) == ("INFO", "98765")
    try:
        parse_incoming({"from": "+6281234567890", "id": "x\x001"})
    except BadPayloadError as exc:
        assert "NUL" in str(exc)
    else:
        raise AssertionError("an id with a NUL was taken")
