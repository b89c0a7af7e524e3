"""NetServer's encoded values (CultureDataFormatter): `[I:3]`, `[F:1.5]`, `[DT:01/31/2016 10:13:37.0000000]`.

Archive cells carry every non-text value encoded in the invariant culture, so that any client can parse
it back; restriction values may be sent encoded or plain, and both are read here.
"""

from __future__ import annotations

import datetime as dt
import re

from soapsvc.errors import ValidationError

_ENCODED = re.compile(r"^\[(I|F|M|D|DT|T|B):(.*)\]$", re.S)
_DATE_FORMATS = ("%m/%d/%Y %H:%M:%S.%f", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y",
                 "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d",
                 "%Y.%m.%d", "%d.%m.%Y")
DATE_HINT = "an encoded [D:MM/dd/yyyy] or [DT:MM/dd/yyyy HH:mm:ss], or yyyy-MM-dd[THH:mm:ss]"


def encode_int(value: int) -> str:
    return f"[I:{int(value)}]"


def encode_float(value: float) -> str:
    """[F:...] with .NET's shortest round-trip text: 1000, 1234.5 (no trailing .0)."""
    value = float(value)
    return f"[F:{int(value)}]" if value.is_integer() else f"[F:{value!r}]"


def encode_datetime(value: dt.datetime) -> str:
    """[DT:MM/dd/yyyy HH:mm:ss.fffffff], the value in UTC."""
    value = as_utc(value)
    return f"[DT:{value:%m/%d/%Y %H:%M:%S}.{value.microsecond:06d}0]"


def encode_bool(value: bool) -> str:
    return encode_int(1 if value else 0)


def as_utc(value: dt.datetime) -> dt.datetime:
    """Stored times are UTC; SQLite hands them back without a zone."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def plain(text: str) -> str:
    """The value inside an encoding ("[I:5]" -> "5"), or the text itself."""
    match = _ENCODED.match(text.strip())
    return match.group(2) if match else text


def parse_int(text: str, what: str) -> int:
    try:
        return int(plain(text).strip())
    except ValueError:
        raise ValidationError(f"{what}: '{text}' is not a whole number (send e.g. 5 or [I:5]).") from None


def parse_float(text: str, what: str) -> float:
    try:
        return float(plain(text).strip().replace(",", "."))
    except ValueError:
        raise ValidationError(f"{what}: '{text}' is not a number (send e.g. 1234.5 or [F:1234.5]).") from None


def parse_bool(text: str, what: str) -> bool:
    value = plain(text).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ValidationError(f"{what}: '{text}' is not a yes/no value (send 1, 0, true or false).")


def parse_datetime(text: str, what: str) -> dt.datetime:
    """A point in time (UTC) from any of the forms in DATE_HINT; a seven-digit fraction is cut to six."""
    value = plain(text).strip().replace("Z", "")
    value = re.sub(r"(\.\d{6})\d+$", r"\1", value)
    value = re.sub(r"[+-]\d\d:\d\d$", "", value) if "T" in value else value
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    raise ValidationError(f"{what}: '{text}' is not a date; send {DATE_HINT}.")
