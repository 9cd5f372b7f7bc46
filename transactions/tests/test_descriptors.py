"""The merchant a person reads next to a transaction, cleaned from what the bank printed."""

import pytest

from transactions.descriptors import clean_merchant, descriptions_alike, key_words, merchant_key


@pytest.mark.parametrize(
    ("descriptor", "merchant"),
    [
        ("SQ *SIGHTGLASS COFFEE #2", "Sightglass Coffee"),
        ("TST* NOPA", "Nopa"),
        ("PAYPAL *EBAY INC", "eBay"),
        ("POS PURCHASE STARBUCKS #1234", "Starbucks"),
        ("CHECKCARD 0412 SAFEWAY #1490 OAKLAND CA", "Safeway"),
        ("DEBIT CARD PURCHASE XXXXX1234 KROGER #451", "Kroger"),
    ],
)
def test_processor_and_card_prefixes_are_dropped(descriptor, merchant):
    assert clean_merchant(descriptor) == merchant


@pytest.mark.parametrize(
    ("descriptor", "merchant"),
    [
        ("STARBUCKS STORE 05121", "Starbucks"),
        ("WALGREENS #2357", "Walgreens"),
        ("SHELL OIL 57444563200", "Shell"),
        ("COSTCO WHSE #0479 SEATTLE WA", "Costco"),
    ],
)
def test_store_numbers_and_what_follows_them_are_dropped(descriptor, merchant):
    assert clean_merchant(descriptor) == merchant


@pytest.mark.parametrize(
    ("descriptor", "merchant"),
    [
        ("PURCHASE AUTHORIZED ON 04/12 CHIPOTLE 1873 AUSTIN TX CARD 1234", "Chipotle"),
        ("POS PURCHASE 2024-03-14 PEETS COFFEE", "Peets Coffee"),
        ("POS Purchase Woolworths  * 15 Oct", "Woolworths"),
        ("NETFLIX.COM CARD 4321", "Netflix"),
        ("SPOTIFY XXXX1234", "Spotify"),
        ("Recurring Card Purchase: Netflix.com Amsterdam (Card 5412)", "Netflix"),
    ],
)
def test_dates_and_card_numbers_are_dropped(descriptor, merchant):
    assert clean_merchant(descriptor) == merchant


@pytest.mark.parametrize(
    ("descriptor", "merchant"),
    [
        ("TRADER JOE'S #552 SAN FRANCISCO CA", "Trader Joe's"),
        ("TST* JOES PIZZA BROOKLYN NY", "Joes Pizza"),
        ("SQ *RITUAL COFFEE ROASTERS San Francisco CA", "Ritual Coffee Roasters"),
        ("TESCO STORES 3141 LONDON GB", "Tesco"),
    ],
)
def test_city_and_state_are_dropped(descriptor, merchant):
    assert clean_merchant(descriptor) == merchant


@pytest.mark.parametrize(
    ("descriptor", "merchant"),
    [
        ("AMZN Mktp US*2K4RT5", "Amazon"),
        ("AIRBNB * HMQ2X8Y4ZP", "Airbnb"),
        ("ACME CORP PAYROLL PPD ID: 1234567890", "Acme Corp Payroll"),
        ("PAYPAL *NETFLIX 402-935-7733", "Netflix"),
    ],
)
def test_references_and_ach_details_are_dropped(descriptor, merchant):
    assert clean_merchant(descriptor) == merchant


@pytest.mark.parametrize(
    ("descriptor", "merchant"),
    [
        ("WHOLEFDS MKT 10234", "Whole Foods Market"),
        ("WAL-MART #1234", "Walmart"),
        ("MCDONALD'S F12345 AUSTIN TX", "McDonald's"),
        ("CVS/PHARMACY #09812", "CVS Pharmacy"),
        ("7-ELEVEN 33512", "7-Eleven"),
    ],
)
def test_bank_spellings_of_brands_read_as_the_brand(descriptor, merchant):
    assert clean_merchant(descriptor) == merchant


@pytest.mark.parametrize("descriptor", ["", "   ", "1234 5678", "#0412 * 12/03"])
def test_nothing_usable_gives_an_empty_name(descriptor):
    assert clean_merchant(descriptor) == ""


@pytest.mark.parametrize(
    "spellings",
    [
        ("Trader Joe's", "TRADER JOES", "trader  joe’s"),
        ("AT&T", "ATT", "at&t"),
        ("Café Nero", "CAFE NERO", "Cafe-Nero"),
        ("7-Eleven", "7 ELEVEN", "7/eleven"),
    ],
)
def test_spellings_of_one_name_share_a_key(spellings):
    assert len({merchant_key(spelling) for spelling in spellings}) == 1


def test_key_words_split_on_punctuation_but_keep_apostrophes_and_ampersands_inside_words():
    assert key_words("Apple.com/bill") == ["apple", "com", "bill"]
    assert key_words("Barnes & Noble") == ["barnes", "noble"]
    assert key_words("H&M Joe's") == ["hm", "joes"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("SQ *CORNER COFFEE", "CORNER COFFEE OAKLAND CA"),  # one bank's prefix, another's location
        ("AMZN Mktp US*2K4RT5", "Amazon.com"),  # a bank spelling of the brand
        ("NETFLIX.COM", "Netflix"),
        ("CHECK 1042", ""),  # a line with no words contradicts nothing
        ("ONLINE TRANSFER TO SAVINGS 1234", "ONLINE TRANSFER FROM CHECKING 5678"),  # nor does the bank's wording
    ],
)
def test_two_banks_spellings_of_one_payee_are_alike(first, second):
    assert descriptions_alike(first, second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("RENT PAYMENT LANDLORD LLC", "ELECTRICITY CO"),
        ("POS PURCHASE SHELL OIL", "POS PURCHASE WHOLE FOODS"),  # sharing only the bank's wording
        ("DIRECT DEBIT NORTHERN GAS", "DIRECT DEBIT CITY WATER"),
    ],
)
def test_different_payees_are_not_alike(first, second):
    assert not descriptions_alike(first, second)


@pytest.mark.parametrize(
    ("descriptor", "merchant"),
    [
        ("PHILZ COFFEE 24TH ST", "Philz Coffee"),
        ("DOMINOS 1234 MAIN ST SAN FRANCISCO CA", "Dominos"),
        ("JOE'S PIZZA 5 W 3RD AVE", "Joe's Pizza"),
        ("MAIN ST CAFE", "Main St Cafe"),
        ("STUDIO 54", "Studio 54"),
        ("CAFE 21ST AMENDMENT", "Cafe 21st Amendment"),
    ],
)
def test_a_street_address_after_the_name_is_dropped(descriptor, merchant):
    """The same coffee shop's bare lines and the bank's named ones then share one merchant, so "apply to all from
    this merchant" reaches all of them."""
    assert clean_merchant(descriptor) == merchant


@pytest.mark.parametrize(
    ("descriptor", "merchant"),
    [
        ("ZELLE TO PROPERTY MGMT", "Zelle to Property Mgmt"),
        ("ON THE BORDER 123", "On the Border"),
    ],
)
def test_a_name_in_capitals_reads_as_a_title(descriptor, merchant):
    """Small joining words after the first stay small."""
    assert clean_merchant(descriptor) == merchant
