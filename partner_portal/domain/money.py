"""Money: ``Decimal`` with its currency, validated to the currency's decimals. Never float."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import InvalidInput

CURRENCY_DECIMALS = {"CNY": 2, "USD": 2, "EUR": 2, "HKD": 2, "SGD": 2, "JPY": 0}
CURRENCIES = tuple(CURRENCY_DECIMALS)
SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "HKD": "HK$", "SGD": "S$", "JPY": "¥"}
MAX_AMOUNT = Decimal("999999999999.99")


def check_currency(currency: str, field: str = "currency") -> str:
    if currency not in CURRENCY_DECIMALS:
        raise InvalidInput(field, "Choose a supported currency.")
    return currency


def parse_amount(raw, currency: str, field: str = "amount", *, allow_zero: bool = False) -> Decimal:
    """Parse user input into a Decimal amount: positive, at most the currency's decimals."""
    check_currency(currency)
    text = str(raw if raw is not None else "").strip().replace(",", "")
    if not text:
        raise InvalidInput(field, "Enter an amount.")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(field, "Enter a number, e.g. 1200.50.") from None
    if not value.is_finite():
        raise InvalidInput(field, "Enter a number, e.g. 1200.50.")
    if abs(value) > MAX_AMOUNT:  # before quantize, which cannot represent huge exponents (1e999)
        raise InvalidInput(field, "The amount is too large.")
    places = CURRENCY_DECIMALS[currency]
    if value != value.quantize(Decimal(1).scaleb(-places)) if places else value != value.to_integral_value():
        raise InvalidInput(field, f"Use at most {places} decimal places." if places else "Use whole amounts only.")
    if value < 0 or (value == 0 and not allow_zero):
        raise InvalidInput(field, "The amount must be greater than zero.")
    if value > MAX_AMOUNT:
        raise InvalidInput(field, "The amount is too large.")
    return quantize(value, currency)


def quantize(value: Decimal, currency: str) -> Decimal:
    places = CURRENCY_DECIMALS.get(currency, 2)
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def total(amounts, currency: str) -> Decimal:
    return quantize(sum((Decimal(a) for a in amounts), Decimal(0)), currency)


def format_money(amount: Decimal, currency: str) -> str:
    places = CURRENCY_DECIMALS.get(currency, 2)
    return f"{currency} {quantize(Decimal(amount), currency):,.{places}f}"
